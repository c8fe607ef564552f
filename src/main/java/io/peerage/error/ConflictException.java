package io.peerage.error;

/** A request that cannot be carried out in the current state, such as asking for content for a node that left. */
public final class ConflictException extends RuntimeException {

    private final String reason;
    private final FieldError field;

    /**
     * @param reason a stable word for the kind of conflict, such as {@code node-offline}
     */
    public ConflictException(String reason, String message) {
        this(reason, message, null);
    }

    /** A conflict with the current state that one field of the request names, such as a node that is no parent. */
    public ConflictException(String reason, String message, FieldError field) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public String reason() {
        return reason;
    }

    /** The field of the request that conflicts, or null. */
    public FieldError field() {
        return field;
    }
}
