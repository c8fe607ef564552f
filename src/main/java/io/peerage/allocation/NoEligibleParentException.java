package io.peerage.allocation;

import io.peerage.audit.Decision;

/** No parent at all was possible. The decision is recorded; the detail names the rules that left nothing. */
public final class NoEligibleParentException extends RuntimeException {

    private final transient Decision decision;

    public NoEligibleParentException(Decision decision, String detail) {
        super(detail);
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
