package io.peerage.audit;

/** What became of one candidate in a decision. */
public enum Verdict {
    /** Chosen as a parent, with uplink reserved. */
    ASSIGNED,
    /** Ruled out by a policy or an engine check; the reasons say which. */
    REJECTED,
    /** Eligible, but others ranked higher and covered the rate first. */
    OUTRANKED
}
