package io.peerage.audit;

/** What started a repair: a new revision of a live allocation. */
public enum RepairTrigger {
    /** A parent left the swarm. */
    PARENT_LEFT,
    /** A parent's lease ran out: it became SILENT. */
    PARENT_SILENT,
    /** The child reported no new bytes from a parent. */
    NO_DATA,
    /** The rate from a parent stayed below its share. */
    CONGESTION,
    /** The child or the parent reported that their connection failed. */
    CONNECTION_FAILED,
    /** A policy version (or the clock, for rules that read it) now forbids the pair. */
    POLICY_CHANGE
}
