package io.peerage.audit;

/** How a decision ended. */
public enum Outcome {
    /** Parents cover the content's whole rate. */
    ALLOCATED,
    /** Parents were found, but they cover less than the rate. */
    PARTIAL,
    /** No parent was possible; the client got a 422. */
    NO_PARENT,
    /** The policies took longer than their time budget; the client got a 503 and nothing was reserved. */
    POLICY_TIMEOUT
}
