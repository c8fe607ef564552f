package io.peerage.error;

/** A request that cannot be carried out in the current state, such as asking for content for a node that left. */
public final class ConflictException extends RuntimeException {

    private final String reason;

    /**
     * @param reason a stable word for the kind of conflict, such as {@code node-offline}
     */
    public ConflictException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
