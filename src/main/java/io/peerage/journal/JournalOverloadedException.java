package io.peerage.journal;

/** The service cannot take more changes right now; the client should try again shortly. Nothing was changed. */
public final class JournalOverloadedException extends RuntimeException {

    public JournalOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
