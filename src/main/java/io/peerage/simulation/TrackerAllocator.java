package io.peerage.simulation;

import io.peerage.content.Content;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The baseline: a plain tracker. It knows who holds the content and whether a holder has uplink to spare, nothing
 * else (no NAT types, networks, access lists or policies), and hands out holders at random.
 */
final class TrackerAllocator implements Allocator {

    /** How many random holders one request looks at, at most. */
    static final int TRIES = 256;

    private final Swarm swarm;
    private final Random random;
    private final List<String> holders = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    TrackerAllocator(Swarm swarm, long seed) {
        this.swarm = swarm;
        this.random = new Random(seed);
    }

    @Override
    public void holds(LiveNode node, boolean holds) {
        if (holds && !positions.containsKey(node.id())) {
            positions.put(node.id(), holders.size());
            holders.add(node.id());
        } else if (!holds) {
            Integer at = positions.remove(node.id());
            if (at != null) {
                String last = holders.remove(holders.size() - 1);
                if (at < holders.size()) {
                    holders.set(at, last);
                    positions.put(last, at);
                }
            }
        }
    }

    @Override
    public Answer allocate(LiveNode child, Content content, int maxParents, Instant now) {
        long required = content.bitrateKbps();
        long minimumShare = (required + maxParents - 1) / maxParents;
        long remaining = required;
        List<ParentShare> parents = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        for (int attempt = 0;
                attempt < TRIES && remaining > 0 && parents.size() < maxParents && tried.size() < holders.size();
                attempt++) {
            String id = holders.get(random.nextInt(holders.size()));
            if (!tried.add(id) || id.equals(child.id())) {
                continue;
            }
            LiveNode holder = swarm.node(id).orElse(null);
            if (holder == null) {
                continue;
            }
            long rate = Math.min(holder.spareKbps(), remaining);
            if (rate < Math.min(minimumShare, remaining) || rate <= 0 || !swarm.reserve(holder, rate)) {
                continue;
            }
            // A tracker knows nothing of peer types: the pair is recorded as the two sides really are.
            parents.add(new ParentShare(
                    id,
                    holder.profile().kind(),
                    holder.classification().peerType(),
                    rate,
                    ConnectMode.between(
                            child.classification().peerType(),
                            holder.classification().peerType())));
            remaining -= rate;
        }
        return new Answer(parents, false, List.of());
    }
}
