package io.peerage.swarm;

import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The holders of one content ordered by spare uplink, most first (by {@link SpareRank}, then by id), so that a request
 * reads the best-provisioned holders without scanning the swarm. An entry moves when its holder's spare uplink changes
 * rank; the total is kept exact at every change. Callers keep an entry per held content of an online node, under the
 * node's monitor.
 */
final class HolderIndex {

    /**
     * An indexed holder. It holds the node itself, not its id: a request walks a hundred entries or more, and looking
     * each id up in the swarm's map cost several cache misses per entry.
     */
    record Entry(long spareRank, LiveNode node) {

        String nodeId() {
            return node.id();
        }
    }

    // Written out rather than composed from Comparator's combinators: moves compare a few dozen times each.
    private static final Comparator<Entry> MOST_SPARE_FIRST = (a, b) -> {
        int bySpare = Long.compare(b.spareRank(), a.spareRank());
        return bySpare != 0 ? bySpare : a.nodeId().compareTo(b.nodeId());
    };

    private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(MOST_SPARE_FIRST);
    private final AtomicLong totalSpareKbps = new AtomicLong();

    void add(LiveNode node, long spareKbps) {
        if (entries.add(new Entry(SpareRank.of(spareKbps), node))) {
            totalSpareKbps.addAndGet(spareKbps);
        }
    }

    void remove(LiveNode node, long spareKbps) {
        if (entries.remove(new Entry(SpareRank.of(spareKbps), node))) {
            totalSpareKbps.addAndGet(-spareKbps);
        }
    }

    /**
     * Moves an indexed holder to its new place. The new entry goes in before the old one goes out, so that a reader
     * walking the index meanwhile sees the holder once or twice (readers skip repeats), and rarely not at all.
     */
    void move(LiveNode node, long fromSpareKbps, long toSpareKbps) {
        if (fromSpareKbps == toSpareKbps) {
            return;
        }
        long fromRank = SpareRank.of(fromSpareKbps);
        long toRank = SpareRank.of(toSpareKbps);
        if (fromRank == toRank) {
            totalSpareKbps.addAndGet(toSpareKbps - fromSpareKbps);
            return;
        }
        entries.add(new Entry(toRank, node));
        entries.remove(new Entry(fromRank, node));
        totalSpareKbps.addAndGet(toSpareKbps - fromSpareKbps);
    }

    /** The spare uplink of every holder, summed, kept as entries change so that reading it costs nothing. */
    long totalSpareKbps() {
        return totalSpareKbps.get();
    }

    Iterator<Entry> mostSpareFirst() {
        return entries.iterator();
    }

    int size() {
        return entries.size();
    }
}
