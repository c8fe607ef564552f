package io.peerage.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long the rules may take over one request ({@code peerage.policy.evaluation-budget}), read on the given clock.
 * It is looked at before each firing, by the session's own listener: no timer thread, nothing to cancel.
 *
 * <p>The first evaluation of a policy set is not held to it: that is when Drools compiles the set's constraints to
 * bytecode (tens of milliseconds, hundreds on a cold JVM), which is the engine's time, not the rules'. Each set gets a
 * budget of its own through {@link #forNewSet()}.
 */
public final class EvaluationBudget {

    /** The default limit: far above what the catalog takes over hundreds of candidates once compiled. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMillis(50);

    private final Duration limit;
    private final Clock clock;
    private final AtomicBoolean evaluatedBefore = new AtomicBoolean();

    public EvaluationBudget(Duration limit, Clock clock) {
        if (limit == null) {
            this.limit = null;
            this.clock = clock;
            return;
        }
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("peerage.policy.evaluation-budget must be positive, not " + limit);
        }
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * No limit, for a set the engine has not activated: a simulation or a test. The engine gives every set it activates
     * the configured budget.
     */
    public static EvaluationBudget unlimited() {
        return new EvaluationBudget(null, Clock.systemUTC());
    }

    /** The same limit and clock, for a set that has not been evaluated yet. */
    public EvaluationBudget forNewSet() {
        return new EvaluationBudget(limit, clock);
    }

    /** The limit; null when there is none. */
    public Duration limit() {
        return limit;
    }

    public Clock clock() {
        return clock;
    }

    /** Whether this evaluation is held to the budget: every one but the set's first, when there is a limit. */
    boolean applies() {
        return evaluatedBefore.getAndSet(true) && limit != null;
    }
}
