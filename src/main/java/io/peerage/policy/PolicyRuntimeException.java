package io.peerage.policy;

/**
 * A rule failed while it ran (an exception in its consequence, or one that never stops firing). The request fails
 * closed rather than go ahead without its policies.
 */
public final class PolicyRuntimeException extends RuntimeException {

    public PolicyRuntimeException(String message) {
        super(message);
    }

    public PolicyRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
