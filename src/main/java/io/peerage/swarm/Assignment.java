package io.peerage.swarm;

import java.time.Instant;
import java.util.List;

/**
 * A live allocation: the parents that send one content to one child, with the uplink reserved on each. It keeps its id
 * for its whole life; each repair makes a new {@code revision} of it (0 when decided).
 */
public record Assignment(
        String id,
        String childId,
        String contentId,
        long requiredKbps,
        List<ParentShare> parents,
        List<String> relaxedPolicies,
        String summary,
        Instant createdAt,
        int revision) {

    /** A new allocation, at revision 0. */
    public Assignment(
            String id,
            String childId,
            String contentId,
            long requiredKbps,
            List<ParentShare> parents,
            List<String> relaxedPolicies,
            String summary,
            Instant createdAt) {
        this(id, childId, contentId, requiredKbps, parents, relaxedPolicies, summary, createdAt, 0);
    }

    public Assignment {
        parents = List.copyOf(parents);
        relaxedPolicies = List.copyOf(relaxedPolicies);
    }

    public long coveredKbps() {
        return parents.stream().mapToLong(ParentShare::rateKbps).sum();
    }

    /** The next revision: other parents, the summary of the repair that chose them. */
    public Assignment revised(List<ParentShare> newParents, String newSummary) {
        return new Assignment(
                id, childId, contentId, requiredKbps, newParents, relaxedPolicies, newSummary, createdAt, revision + 1);
    }

    public boolean hasParent(String nodeId) {
        return parents.stream().anyMatch(parent -> parent.nodeId().equals(nodeId));
    }
}
