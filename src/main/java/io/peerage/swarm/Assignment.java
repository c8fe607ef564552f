package io.peerage.swarm;

import java.time.Instant;
import java.util.List;

/** A live allocation: the parents that send one content to one child, with the uplink reserved on each. */
public record Assignment(
        String id,
        String childId,
        String contentId,
        long requiredKbps,
        List<ParentShare> parents,
        List<String> relaxedPolicies,
        String summary,
        Instant createdAt) {

    public Assignment {
        parents = List.copyOf(parents);
        relaxedPolicies = List.copyOf(relaxedPolicies);
    }

    public long coveredKbps() {
        return parents.stream().mapToLong(ParentShare::rateKbps).sum();
    }

    public boolean hasParent(String nodeId) {
        return parents.stream().anyMatch(parent -> parent.nodeId().equals(nodeId));
    }
}
