package io.peerage.policy;

import java.util.List;

/** A proposed policy set that does not compile. Nothing was activated; the problems say what to fix. */
public final class PolicyRejectedException extends RuntimeException {

    private final List<PolicyProblem> problems;

    public PolicyRejectedException(List<PolicyProblem> problems) {
        super(problems.size() + " problem(s) in the proposed policies: " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
