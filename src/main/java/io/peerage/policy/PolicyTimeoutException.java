package io.peerage.policy;

import java.time.Duration;

/**
 * The rules took longer over one request than their budget allows. The request fails closed; it names the last rule
 * that fired, which is where an author looks first.
 */
public final class PolicyTimeoutException extends RuntimeException {

    private final String lastRule;
    private final Duration elapsed;
    private final Duration budget;
    private final String allocationId;

    public PolicyTimeoutException(String lastRule, Duration elapsed, Duration budget) {
        this(lastRule, elapsed, budget, null);
    }

    private PolicyTimeoutException(String lastRule, Duration elapsed, Duration budget, String allocationId) {
        super("the policies took " + elapsed.toMillis() + " ms, over their budget of " + budget.toMillis() + " ms"
                + (lastRule == null
                        ? ", before any rule fired"
                        : "; the last rule that fired was \"" + lastRule + "\""));
        this.lastRule = lastRule;
        this.elapsed = elapsed;
        this.budget = budget;
        this.allocationId = allocationId;
    }

    /** The same timeout, once its decision is recorded under this allocation id. */
    public PolicyTimeoutException recordedAs(String allocationId) {
        return new PolicyTimeoutException(lastRule, elapsed, budget, allocationId);
    }

    /** The id the decision of the timed-out request is recorded under; null when none was recorded. */
    public String allocationId() {
        return allocationId;
    }

    /** The last rule that fired before the budget ran out; null when none had. */
    public String lastRule() {
        return lastRule;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public Duration budget() {
        return budget;
    }
}
