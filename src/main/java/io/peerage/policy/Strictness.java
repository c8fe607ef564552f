package io.peerage.policy;

/** HARD rejections are never lifted; SOFT ones may be, one rule at a time, when nothing else is left. */
public enum Strictness {
    HARD,
    SOFT
}
