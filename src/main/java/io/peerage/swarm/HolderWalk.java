package io.peerage.swarm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The online holders of one content as one child sees them: split into {@link HolderPart}s, closest first, each part
 * most spare uplink first. Weakly consistent: a holder whose spare uplink changes during the walk may be missed or
 * come twice (it is given once), so a walk that finds nobody should look again.
 */
public final class HolderWalk {

    private final HolderPlace childPlace;
    private final Map<HolderPart, List<HolderIndex.Cell>> cellsByPart = new EnumMap<>(HolderPart.class);
    // A node moving in the index during the walk can come up twice. By identity, not by id: two live nodes never
    // share an id (a rejoin replaces only a departed node), and the id's text is not touched.
    private final Set<LiveNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    HolderWalk(HolderIndex index, LiveNode child) {
        this.childPlace = child.place();
        for (HolderPart part : HolderPart.values()) {
            cellsByPart.put(part, new ArrayList<>(2));
        }
        if (index != null) {
            for (HolderIndex.Cell cell : index.cells()) {
                cellsByPart.get(cell.place.seenFrom(childPlace)).add(cell);
            }
        }
    }

    /** The part a node is in, as seen from this walk's child. */
    public HolderPart partOf(LiveNode node) {
        return node.place().seenFrom(childPlace);
    }

    /** How many holders the part has now. */
    public int size(HolderPart part) {
        int size = 0;
        for (HolderIndex.Cell cell : cellsByPart.get(part)) {
            size += cell.size.get();
        }
        return Math.max(0, size);
    }

    /** The holders of one part, most spare uplink first, each once over the whole walk. */
    public Iterator<LiveNode> holders(HolderPart part) {
        return onlineOnce(HolderIndex.mostSpareFirst(cellsByPart.get(part)), seen);
    }

    /** The nodes of some entries that have not left, skipping those already in {@code seen}. */
    static Iterator<LiveNode> onlineOnce(Iterator<HolderIndex.Entry> entries, Set<LiveNode> seen) {
        return new Iterator<>() {
            private LiveNode next = advance();

            private LiveNode advance() {
                while (entries.hasNext()) {
                    LiveNode node = entries.next().node();
                    if (!node.departed() && seen.add(node)) {
                        return node;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public LiveNode next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                LiveNode current = next;
                next = advance();
                return current;
            }
        };
    }
}
