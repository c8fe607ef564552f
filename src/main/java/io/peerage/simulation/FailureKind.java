package io.peerage.simulation;

/** How a failing viewer fails, and so how the service can find it. */
public enum FailureKind {
    /** Gone without a word: it sends nothing and stops heartbeating; its lease runs out. */
    CRASH,
    /** Still heartbeating, but sends nothing to its children: their reports show no new bytes. */
    STALL,
    /** Still heartbeating, but sends its children less than their shares: their reports show the low rate. */
    SLOW
}
