package io.peerage.swarm;

import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The holders of one content ordered by spare uplink, most first, so that a request reads the best-provisioned holders
 * without scanning the swarm. Entries are replaced whenever a holder's spare uplink changes.
 */
final class HolderIndex {

    record Entry(long spareKbps, String nodeId) {}

    private static final Comparator<Entry> MOST_SPARE_FIRST =
            Comparator.comparingLong(Entry::spareKbps).reversed().thenComparing(Entry::nodeId);

    private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(MOST_SPARE_FIRST);

    void add(String nodeId, long spareKbps) {
        entries.add(new Entry(spareKbps, nodeId));
    }

    void remove(String nodeId, long spareKbps) {
        entries.remove(new Entry(spareKbps, nodeId));
    }

    /**
     * Moves a holder to its new place. The new entry goes in before the old one goes out, so that a reader walking the
     * index meanwhile sees the holder once or twice (readers skip repeats), and rarely not at all.
     */
    void move(String nodeId, long fromSpareKbps, long toSpareKbps) {
        if (fromSpareKbps != toSpareKbps) {
            entries.add(new Entry(toSpareKbps, nodeId));
            entries.remove(new Entry(fromSpareKbps, nodeId));
        }
    }

    Iterator<Entry> mostSpareFirst() {
        return entries.iterator();
    }

    int size() {
        return entries.size();
    }
}
