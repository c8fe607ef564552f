package io.peerage.policy;

/**
 * A CDI event: a policy set became active through the API or an edit of the rules folder (not a restart, which
 * restores what was active). Whatever keeps live assignments in line with the policies observes it.
 */
public record PolicyActivated(PolicySet policySet, String activatedBy) {}
