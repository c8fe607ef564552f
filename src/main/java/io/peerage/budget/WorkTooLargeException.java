package io.peerage.budget;

/**
 * Heavy work refused before it started: its work, computed from its size, is above {@code peerage.simulation.max-work}.
 */
public final class WorkTooLargeException extends RuntimeException {

    public static final String SETTING = "peerage.simulation.max-work";

    private final String what;
    private final long work;
    private final long maxWork;
    private final String field;

    /**
     * @param field the part of the request that makes it large, named in the answer
     * @param how how the work was computed, in words
     */
    public WorkTooLargeException(String what, String field, long work, long maxWork, String how) {
        super(what + " would take " + work + " viewer-events of work (" + how + "), more than the " + maxWork
                + " this service runs (" + SETTING + "). Maybe a shorter durationSeconds, fewer viewers or less"
                + " churn, or run it with the simulation command?");
        this.what = what;
        this.field = field;
        this.work = work;
        this.maxWork = maxWork;
    }

    public String what() {
        return what;
    }

    public String field() {
        return field;
    }

    public long work() {
        return work;
    }

    public long maxWork() {
        return maxWork;
    }
}
