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

    public PolicyTimeoutException(String lastRule, Duration elapsed, Duration budget) {
        super("the policies took " + elapsed.toMillis() + " ms, over their budget of " + budget.toMillis() + " ms"
                + (lastRule == null
                        ? ", before any rule fired"
                        : "; the last rule that fired was \"" + lastRule + "\""));
        this.lastRule = lastRule;
        this.elapsed = elapsed;
        this.budget = budget;
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
