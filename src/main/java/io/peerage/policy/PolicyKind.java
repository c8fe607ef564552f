package io.peerage.policy;

/**
 * What a rule is about. The first four are the kinds a policy file declares; {@code FEASIBILITY} marks the engine's own
 * checks (capacity, loops, the node itself) that run before any policy.
 */
public enum PolicyKind {
    COMPATIBILITY,
    NETWORK,
    PROVIDER,
    CLIENT,
    FEASIBILITY
}
