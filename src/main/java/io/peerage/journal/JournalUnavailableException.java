package io.peerage.journal;

import java.time.Duration;

/**
 * The change could not be made durable and was undone (or never made): the database is unavailable, the service is
 * stopping, or the change itself could not be written. Nothing of it stays, in memory or in the database; the client
 * may try again after {@link #retryAfter()}.
 */
public final class JournalUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public JournalUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
