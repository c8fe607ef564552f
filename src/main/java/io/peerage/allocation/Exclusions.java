package io.peerage.allocation;

import java.util.Map;
import java.util.Set;

/**
 * Holders a repair must not choose, each with the sentence that says why: the parents the allocation keeps (they
 * already send their share) and the parents barred from this child (their pair could not connect).
 *
 * @param kept the parents the allocation keeps
 * @param barred barred parents, each with why and until when
 */
public record Exclusions(Set<String> kept, Map<String, String> barred) {

    public static final Exclusions NONE = new Exclusions(Set.of(), Map.of());

    public Exclusions {
        kept = Set.copyOf(kept);
        barred = Map.copyOf(barred);
    }

    boolean isEmpty() {
        return kept.isEmpty() && barred.isEmpty();
    }

    boolean keeps(String nodeId) {
        return kept.contains(nodeId);
    }

    /** Why a holder is excluded, or null when it is not; a kept parent barred from more says why it keeps less. */
    String why(String nodeId) {
        String why = barred.get(nodeId);
        if (why == null && kept.contains(nodeId)) {
            return nodeId + " is already a parent of this allocation and keeps its share";
        }
        return why;
    }
}
