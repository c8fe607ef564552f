package io.peerage.audit;

import io.peerage.policy.Reason;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one-line summary of a decision, counted the way a scheduler counts: {@code 2 of 40 candidates eligible: 21
 * lightweight-to-lightweight (COMPATIBILITY), 12 not on the child's access list (COMPATIBILITY)}. A candidate with two
 * reasons counts under both; relaxed reasons do not count.
 */
public final class SummaryLine {

    private SummaryLine() {}

    public static String of(List<CandidateExplanation> candidates, List<Reason> denials) {
        if (!denials.isEmpty()) {
            return "request denied: "
                    + denials.stream()
                            .map(d -> d.label() + " (" + d.policyKind() + ")")
                            .collect(Collectors.joining(", "));
        }
        long eligible =
                candidates.stream().filter(c -> c.verdict() != Verdict.REJECTED).count();
        String head = eligible + " of " + candidates.size() + " candidates eligible";
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CandidateExplanation candidate : candidates) {
            candidate.reasons().stream()
                    .filter(reason -> !reason.relaxed())
                    .map(reason -> reason.label() + " (" + reason.policyKind() + ")")
                    .distinct()
                    .forEach(key -> counts.merge(key, 1L, Long::sum));
        }
        if (counts.isEmpty()) {
            return head;
        }
        return head + ": "
                + counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(entry -> entry.getValue() + " " + entry.getKey())
                        .collect(Collectors.joining(", "));
    }
}
