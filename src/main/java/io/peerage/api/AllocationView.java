package io.peerage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import java.time.Instant;
import java.util.List;

/**
 * An allocation as the API shows it.
 *
 * @param status {@code ACTIVE}, {@code ENDED}, or {@code REJECTED} for a decision that found no parent
 * @param revision 0 as decided; each repair adds one
 * @param maxParents the most parents the request asked for (or the default), which repairs keep to; absent for REJECTED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AllocationView(
        String allocationId,
        String nodeId,
        String contentId,
        String status,
        long requiredKbps,
        long coveredKbps,
        List<ParentShare> parents,
        String summary,
        List<String> relaxedPolicies,
        Instant createdAt,
        Instant endedAt,
        String endReason,
        int revision,
        Integer maxParents) {

    static AllocationView active(Assignment assignment) {
        return of(assignment, "ACTIVE", null, null);
    }

    static AllocationView of(Assignment assignment, String status, Instant endedAt, String endReason) {
        return new AllocationView(
                assignment.id(),
                assignment.childId(),
                assignment.contentId(),
                status,
                assignment.requiredKbps(),
                assignment.coveredKbps(),
                assignment.parents(),
                assignment.summary(),
                assignment.relaxedPolicies(),
                assignment.createdAt(),
                endedAt,
                endReason,
                assignment.revision(),
                assignment.maxParents());
    }
}
