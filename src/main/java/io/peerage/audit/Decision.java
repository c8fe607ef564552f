package io.peerage.audit;

import io.peerage.policy.Reason;
import io.peerage.swarm.HolderPart;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full record of one allocation decision: the explanation an auditor reads. Its id is the allocation id.
 *
 * @param denials reasons that ruled out the whole request (no candidate could have helped)
 * @param notExamined holders left out because the shortlist was full, closer parts of the network covered the rate,
 *     the walk limit was reached, or they were certain to be rejected
 * @param notExaminedByPart the same holders by part of the network as seen from the child, closest first; only parts
 *     with some are listed, and decisions recorded before parts were counted list none
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
        int notExamined,
        Map<HolderPart, Integer> notExaminedByPart) {

    public Decision {
        notExaminedByPart = notExaminedByPart == null ? Map.of() : notExaminedByPart;
    }

    /** The same decision under another id. */
    public Decision withId(String id) {
        return new Decision(
                id,
                childId,
                contentId,
                decidedAt,
                policyVersion,
                outcome,
                requiredKbps,
                coveredKbps,
                summary,
                relaxedPolicies,
                denials,
                candidates,
                notExamined,
                notExaminedByPart);
    }

    /** The same decision with another summary line. */
    public Decision withSummary(String line) {
        return withCandidates(candidates, line);
    }

    /** The same decision with other candidates on record, and the summary line that goes with them. */
    public Decision withCandidates(List<CandidateExplanation> explained, String line) {
        return new Decision(
                allocationId,
                childId,
                contentId,
                decidedAt,
                policyVersion,
                outcome,
                requiredKbps,
                coveredKbps,
                line,
                relaxedPolicies,
                denials,
                List.copyOf(explained),
                notExamined,
                notExaminedByPart);
    }

    public java.util.Optional<CandidateExplanation> candidate(String nodeId) {
        return candidates.stream().filter(c -> c.nodeId().equals(nodeId)).findFirst();
    }
}
