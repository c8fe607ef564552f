package io.peerage.allocation;

import io.peerage.policy.ActivationGuard;
import io.peerage.policy.ActivationRefusedException;
import io.peerage.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much of the live swarm a policy set would repair, against the most an activation may repair unconfirmed
 * ({@code peerage.repair.max-activation-share}): a set that forbids a parent of more live allocations than that share
 * goes in only with {@code ?confirm=true}, so that one edit cannot churn the swarm by mistake.
 */
@ApplicationScoped
public class ActivationShare implements ActivationGuard {

    /**
     * What an activation would repair.
     *
     * @param repairs live allocations with a parent the set forbids (HARD): each would be repaired
     * @param liveAllocations live allocations examined
     * @param share {@code repairs / liveAllocations}, 0 when there are none
     * @param maxShare the most an unconfirmed activation may repair
     * @param confirmNeeded whether activating the set needs {@code ?confirm=true}
     */
    public record Measure(int repairs, int liveAllocations, double share, double maxShare, boolean confirmNeeded) {}

    private final PolicyImpact impact;
    private final double maxShare;

    ActivationShare(
            PolicyImpact impact,
            @ConfigProperty(name = "peerage.repair.max-activation-share", defaultValue = "0.2") double maxShare) {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException(
                    "peerage.repair.max-activation-share must be between 0 and 1 (0.2 is 20%), not " + maxShare);
        }
        this.impact = impact;
        this.maxShare = maxShare;
    }

    /** The measure of what a dry run or an activation found forbidden. */
    public Measure of(PolicyImpact.Forbidden forbidden) {
        return measure(forbidden.forbiddenAllocations(), forbidden.assignments(), maxShare);
    }

    static Measure measure(int repairs, int live, double maxShare) {
        double share = live == 0 ? 0 : (double) repairs / live;
        return new Measure(repairs, live, share, maxShare, share > maxShare);
    }

    @Override
    public Optional<ActivationRefusedException> refusal(PolicySet proposed) {
        Measure measure = of(impact.forbiddenBy(proposed, 0));
        if (!measure.confirmNeeded()) {
            return Optional.empty();
        }
        return Optional.of(new ActivationRefusedException(
                measure.repairs(), measure.liveAllocations(), measure.share(), measure.maxShare()));
    }
}
