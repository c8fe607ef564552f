package io.peerage.error;

import java.time.Duration;

/** A node's report that would cause one more reaction than its bound allows in this interval: nothing was changed. */
public final class TooManyReportsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyReportsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the node may report again and be acted on, at the latest. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
