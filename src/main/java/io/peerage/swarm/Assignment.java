package io.peerage.swarm;

import java.time.Instant;
import java.util.List;

/**
 * A live allocation: the parents that send one content to one child, with the uplink reserved on each. It keeps its id
 * for its whole life; each repair makes a new {@code revision} of it (0 when decided). {@code maxParents} is what the
 * request asked for (or the configured default): its repairs and congestion reactions keep to it.
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
        int revision,
        int maxParents) {

    /** A new allocation, at revision 0. */
    public Assignment(
            String id,
            String childId,
            String contentId,
            long requiredKbps,
            List<ParentShare> parents,
            List<String> relaxedPolicies,
            String summary,
            Instant createdAt,
            int maxParents) {
        this(id, childId, contentId, requiredKbps, parents, relaxedPolicies, summary, createdAt, 0, maxParents);
    }

    public Assignment {
        if (maxParents < 1) {
            throw new IllegalArgumentException("an allocation has room for at least one parent, not " + maxParents);
        }
        parents = List.copyOf(parents);
        relaxedPolicies = List.copyOf(relaxedPolicies);
    }

    public long coveredKbps() {
        return parents.stream().mapToLong(ParentShare::rateKbps).sum();
    }

    /** The next revision: other parents, the summary of the repair that chose them. */
    public Assignment revised(List<ParentShare> newParents, String newSummary) {
        return new Assignment(
                id,
                childId,
                contentId,
                requiredKbps,
                newParents,
                relaxedPolicies,
                newSummary,
                createdAt,
                revision + 1,
                maxParents);
    }

    /** Whether it has as many parents as it asked for: a congested parent is then replaced, not joined by another. */
    public boolean atMaxParents() {
        return parents.size() >= maxParents;
    }

    public boolean hasParent(String nodeId) {
        return parents.stream().anyMatch(parent -> parent.nodeId().equals(nodeId));
    }
}
