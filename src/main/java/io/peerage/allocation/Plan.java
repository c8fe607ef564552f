package io.peerage.allocation;

import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Decision;
import io.peerage.audit.Outcome;
import io.peerage.audit.SummaryLine;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.swarm.HolderPart;
import io.peerage.swarm.ParentShare;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The outcome of one pass of the pipeline for one request. */
public record Plan(
        long required,
        List<Considered> candidates,
        PolicyEvaluation evaluation,
        List<String> relaxed,
        List<ParentShare> parents,
        Map<HolderPart, Integer> notExaminedByPart,
        boolean raced) {

    /** Holders the walk left unexamined, over every part. */
    public int notExamined() {
        int sum = 0;
        for (int count : notExaminedByPart.values()) {
            sum += count;
        }
        return sum;
    }

    /** The rate the chosen parents cover together. */
    public long coveredKbps() {
        return parents.stream().mapToLong(ParentShare::rateKbps).sum();
    }

    public Decision decide(String id, String childId, String contentId, Instant now) {
        List<CandidateExplanation> explained =
                candidates.stream().map(Considered::explain).toList();
        long covered = coveredKbps();
        Outcome result =
                parents.isEmpty() ? Outcome.NO_PARENT : covered < required ? Outcome.PARTIAL : Outcome.ALLOCATED;
        return new Decision(
                id,
                childId,
                contentId,
                now,
                evaluation.policyVersion(),
                result,
                required,
                covered,
                SummaryLine.of(explained, evaluation.denials()),
                relaxed,
                evaluation.denials(),
                explained,
                notExamined(),
                notExaminedByPart);
    }
}
