package io.peerage.allocation;

import io.peerage.audit.Decision;

/** No parent at all was possible. The decision is recorded; the detail names the rules that left nothing. */
public final class NoEligibleParentException extends RuntimeException {

    private final transient Decision decision;
    private final String keptAllocationId;

    public NoEligibleParentException(Decision decision, String detail) {
        this(decision, detail, null);
    }

    /** A re-ask that found no parent: the child's live allocation of the content goes on. */
    public NoEligibleParentException(Decision decision, String detail, String keptAllocationId) {
        super(detail);
        this.decision = decision;
        this.keptAllocationId = keptAllocationId;
    }

    /** The live allocation that goes on, when the request was a re-ask; null otherwise. */
    public String keptAllocationId() {
        return keptAllocationId;
    }

    public Decision decision() {
        return decision;
    }
}
