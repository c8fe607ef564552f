package io.peerage.audit;

import io.peerage.policy.Reason;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The search columns of a decision row as rows before V10 held them (JSON lists), computed here apart from
 * {@link DecisionStore}, so that the tests that write such rows by hand do not take them from the code under test.
 */
final class JsonRowColumns {

    private JsonRowColumns() {}

    /** Every candidate's node id, in the decision's order. */
    static List<String> candidateIds(Decision decision) {
        return decision.candidates().stream().map(CandidateExplanation::nodeId).toList();
    }

    /** The rule and code of every denial, then of every candidate's reasons, each once. */
    static Set<String> rules(Decision decision) {
        Set<String> rules = new LinkedHashSet<>();
        for (Reason denial : decision.denials()) {
            rules.add(denial.rule());
            rules.add(denial.code());
        }
        for (CandidateExplanation candidate : decision.candidates()) {
            for (Reason reason : candidate.reasons()) {
                rules.add(reason.rule());
                rules.add(reason.code());
            }
        }
        return rules;
    }
}
