package io.peerage.budget;

import java.time.Duration;

/** Heavy work stopped before its end: its client went away, or it ran past its wall-clock limit. */
public final class WorkStoppedException extends RuntimeException {

    public enum Why {
        CANCELLED,
        TIMED_OUT
    }

    private final Why why;
    private final Duration limit;

    public WorkStoppedException(Why why, Duration limit) {
        super(
                why == Why.CANCELLED
                        ? "cancelled: its client went away"
                        : "stopped after its wall-clock limit of " + limit.toSeconds()
                                + " s (peerage.simulation.timeout)");
        this.why = why;
        this.limit = limit;
    }

    public Why why() {
        return why;
    }

    public Duration limit() {
        return limit;
    }
}
