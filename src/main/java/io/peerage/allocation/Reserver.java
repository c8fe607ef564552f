package io.peerage.allocation;

import io.peerage.swarm.LiveNode;

/** Takes uplink on a node for a child: as much as wanted and spare, at least {@code minimum}, or none (0). */
@FunctionalInterface
public interface Reserver {
    long reserve(LiveNode node, long wanted, long minimum);

    /** Selection that only looks: what would be reserved, without reserving it. */
    static long lookOnly(LiveNode node, long wanted, long minimum) {
        long rate = Math.min(node.spareKbps(), wanted);
        return rate >= minimum && rate > 0 ? rate : 0;
    }
}
