package io.peerage.policy;

import java.util.Optional;

/**
 * Looks at a policy set before it becomes active and says whether it would change too much of the live swarm to go
 * in without the author's confirmation. Implemented where the swarm is known (the allocation layer), so that this
 * package need not depend on it.
 */
public interface ActivationGuard {

    /** Why the set may not become active unconfirmed, or empty when it may. */
    Optional<ActivationRefusedException> refusal(PolicySet proposed);
}
