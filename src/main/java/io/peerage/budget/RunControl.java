package io.peerage.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What a piece of heavy work asks, every so often, to know whether it may go on: it stops (by an exception from
 * {@link #check()}) once it is cancelled, such as when its client went away, or once its wall-clock limit has passed.
 * Checks are cheap; loops call {@link #tick()} for each step and only every {@value #STEPS_PER_CHECK}th step checks.
 */
public final class RunControl {

    /** Steps (events, decisions) between two checks: a check reads the clock. */
    public static final int STEPS_PER_CHECK = 256;

    /** For work that runs on its own, as the simulation command does: never cancelled, no limit. */
    public static final RunControl UNLIMITED = new RunControl(Clock.systemUTC(), null, () -> {}, () -> false);

    private final Clock clock;
    private final Duration limit;
    private final Instant deadline;
    private final Runnable checkpoint;
    private final BooleanSupplier abandoned;
    private volatile boolean cancelled;
    private long steps;

    /**
     * @param limit the wall-clock limit from now, or null for none
     * @param checkpoint runs at every check, in the working thread (a test measures memory there)
     * @param abandoned asked at every check: true once nobody waits for the result (its client's connection closed)
     */
    public RunControl(Clock clock, Duration limit, Runnable checkpoint, BooleanSupplier abandoned) {
        this.clock = clock;
        this.limit = limit;
        this.deadline = limit == null ? null : clock.instant().plus(limit);
        this.checkpoint = checkpoint;
        this.abandoned = abandoned;
    }

    /** Asks the work to stop at its next check; it may be called from any thread. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** One step done; checks every {@value #STEPS_PER_CHECK} steps. */
    public void tick() {
        if (++steps % STEPS_PER_CHECK == 0) {
            check();
        }
    }

    /**
     * @throws WorkStoppedException when the work was cancelled or is past its wall-clock limit
     */
    public void check() {
        checkpoint.run();
        if (cancelled || abandoned.getAsBoolean()) {
            cancelled = true;
            throw new WorkStoppedException(WorkStoppedException.Why.CANCELLED, limit);
        }
        if (deadline != null && clock.instant().isAfter(deadline)) {
            throw new WorkStoppedException(WorkStoppedException.Why.TIMED_OUT, limit);
        }
    }
}
