package io.peerage.audit;

import io.peerage.policy.Reason;
import java.time.Instant;
import java.util.List;

/**
 * The full record of one allocation decision: the explanation an auditor reads. Its id is the allocation id.
 *
 * @param denials reasons that ruled out the whole request (no candidate could have helped)
 * @param notExamined holders left out because the shortlist was full or they were certain to be rejected
 */
public record Decision(
        String allocationId,
        String childId,
        String contentId,
        Instant decidedAt,
        int policyVersion,
        Outcome outcome,
        long requiredKbps,
        long coveredKbps,
        String summary,
        List<String> relaxedPolicies,
        List<Reason> denials,
        List<CandidateExplanation> candidates,
        int notExamined) {

    public java.util.Optional<CandidateExplanation> candidate(String nodeId) {
        return candidates.stream().filter(c -> c.nodeId().equals(nodeId)).findFirst();
    }
}
