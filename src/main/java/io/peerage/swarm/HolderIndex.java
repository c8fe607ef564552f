package io.peerage.swarm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The holders of one content, by network cell ({@link HolderPlace}: ASN, ISP, country, region, or infrastructure),
 * each cell ordered by spare uplink, most first (by {@link SpareRank}, then by id), so that a request reads the
 * closest best-provisioned holders without scanning the swarm. A holder is in one cell only: an entry moves within
 * its cell when its holder's spare uplink changes rank, as cheap as in one ordered set. The total and the counts are
 * kept exact at every change. Callers keep an entry per held content of an online node, under the node's monitor.
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
    static final Comparator<Entry> MOST_SPARE_FIRST = (a, b) -> {
        int bySpare = Long.compare(b.spareRank(), a.spareRank());
        return bySpare != 0 ? bySpare : a.nodeId().compareTo(b.nodeId());
    };

    /** The holders of one network cell; the count is kept apart because a skip list counts by walking. */
    static final class Cell {
        final HolderPlace place;
        final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(MOST_SPARE_FIRST);
        final AtomicInteger size = new AtomicInteger();

        Cell(HolderPlace place) {
            this.place = place;
        }
    }

    private final ConcurrentHashMap<HolderPlace, Cell> cells = new ConcurrentHashMap<>();
    private final AtomicLong totalSpareKbps = new AtomicLong();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Adds a holder to its cell. Adding and removing run under the map's lock of that cell's key, so that a cell
     * emptied by a removal is dropped from the map and an add never goes into a cell that was just dropped: the cells
     * are those that have holders, however many places joining clients have named (and every request walks them).
     */
    void add(LiveNode node, HolderPlace place, long spareKbps) {
        cells.compute(place, (key, cell) -> {
            Cell into = cell == null ? new Cell(key) : cell;
            if (into.entries.add(new Entry(SpareRank.of(spareKbps), node))) {
                into.size.incrementAndGet();
                size.incrementAndGet();
                totalSpareKbps.addAndGet(spareKbps);
            }
            return into;
        });
    }

    void remove(LiveNode node, HolderPlace place, long spareKbps) {
        cells.computeIfPresent(place, (key, cell) -> {
            if (cell.entries.remove(new Entry(SpareRank.of(spareKbps), node))) {
                size.decrementAndGet();
                totalSpareKbps.addAndGet(-spareKbps);
                if (cell.size.decrementAndGet() == 0) {
                    return null;
                }
            }
            return cell;
        });
    }

    /**
     * Moves an indexed holder to its new place in its cell. The new entry goes in before the old one goes out, so that
     * a reader walking the index meanwhile sees the holder once or twice (readers skip repeats), and rarely not at all.
     * No lock: the holder is in the cell throughout (its own changes are serialised by its monitor), so no removal
     * can find the cell empty and drop it meanwhile.
     */
    void move(LiveNode node, HolderPlace place, long fromSpareKbps, long toSpareKbps) {
        if (fromSpareKbps == toSpareKbps) {
            return;
        }
        long fromRank = SpareRank.of(fromSpareKbps);
        long toRank = SpareRank.of(toSpareKbps);
        if (fromRank != toRank) {
            Cell cell = cells.get(place);
            if (cell == null) {
                return;
            }
            cell.entries.add(new Entry(toRank, node));
            cell.entries.remove(new Entry(fromRank, node));
        }
        totalSpareKbps.addAndGet(toSpareKbps - fromSpareKbps);
    }

    /** The spare uplink of every holder, summed, kept as entries change so that reading it costs nothing. */
    long totalSpareKbps() {
        return totalSpareKbps.get();
    }

    int size() {
        return size.get();
    }

    Collection<Cell> cells() {
        return cells.values();
    }

    /** Every holder, most spare first. */
    Iterator<Entry> mostSpareFirst() {
        return mostSpareFirst(new ArrayList<>(cells.values()));
    }

    /** The holders of some cells, most spare first across them: each cell is ordered, so they are merged as read. */
    static Iterator<Entry> mostSpareFirst(List<Cell> cells) {
        if (cells.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        if (cells.size() == 1) {
            return cells.get(0).entries.iterator();
        }
        return new Merged(cells);
    }

    /** A merge of ordered cells: the head of each in a small heap. */
    private static final class Merged implements Iterator<Entry> {

        private record Head(Entry entry, Iterator<Entry> rest) {}

        private final PriorityQueue<Head> heads;

        Merged(List<Cell> cells) {
            heads = new PriorityQueue<>(cells.size(), (a, b) -> MOST_SPARE_FIRST.compare(a.entry(), b.entry()));
            for (Cell cell : cells) {
                Iterator<Entry> entries = cell.entries.iterator();
                if (entries.hasNext()) {
                    heads.add(new Head(entries.next(), entries));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Entry next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (head.rest().hasNext()) {
                heads.add(new Head(head.rest().next(), head.rest()));
            }
            return head.entry();
        }
    }
}
