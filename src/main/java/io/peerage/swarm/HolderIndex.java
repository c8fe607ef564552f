package io.peerage.swarm;

import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The holders of one content ordered by spare uplink, most first, so that a request reads the best-provisioned holders
 * without scanning the swarm. Entries are replaced whenever a holder's spare uplink changes.
 */
final class HolderIndex {

    record Entry(long spareKbps, String nodeId) {}

    // Written out rather than composed from Comparator's combinators: every reservation moves entries, and each move
    // compares a few dozen times.
    private static final Comparator<Entry> MOST_SPARE_FIRST = (a, b) -> {
        int bySpare = Long.compare(b.spareKbps(), a.spareKbps());
        return bySpare != 0 ? bySpare : a.nodeId().compareTo(b.nodeId());
    };

    private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(MOST_SPARE_FIRST);
    private final AtomicLong totalSpareKbps = new AtomicLong();

    void add(String nodeId, long spareKbps) {
        if (entries.add(new Entry(spareKbps, nodeId))) {
            totalSpareKbps.addAndGet(spareKbps);
        }
    }

    void remove(String nodeId, long spareKbps) {
        if (entries.remove(new Entry(spareKbps, nodeId))) {
            totalSpareKbps.addAndGet(-spareKbps);
        }
    }

    /**
     * Moves a holder to its new place. The new entry goes in before the old one goes out, so that a reader walking the
     * index meanwhile sees the holder once or twice (readers skip repeats), and rarely not at all.
     */
    void move(String nodeId, long fromSpareKbps, long toSpareKbps) {
        if (fromSpareKbps != toSpareKbps) {
            add(nodeId, toSpareKbps);
            remove(nodeId, fromSpareKbps);
        }
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
