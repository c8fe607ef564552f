package io.peerage.allocation;

import io.peerage.budget.HeavyWork;
import io.peerage.budget.WorkStoppedException;
import io.peerage.budget.WorkTooLargeException;
import io.peerage.policy.ActivationGuard;
import io.peerage.policy.ActivationRefusedException;
import io.peerage.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
    private final HeavyWork heavyWork;
    private final double maxShare;

    ActivationShare(
            PolicyImpact impact,
            HeavyWork heavyWork,
            @ConfigProperty(name = "peerage.repair.max-activation-share", defaultValue = "0.2") double maxShare) {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException(
                    "peerage.repair.max-activation-share must be between 0 and 1 (0.2 is 20%), not " + maxShare);
        }
        this.impact = impact;
        this.heavyWork = heavyWork;
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

    /**
     * Checks every live pair under the proposed set, as heavy work: in the bounded pool of simulations and dry runs
     * ({@link HeavyWork}: its concurrency, {@code peerage.simulation.max-work} pairs at most, its timeout), so that an
     * activation over a very large swarm neither runs unbounded on the request's thread nor starves the service. A
     * check that cannot finish within that bound refuses unconfirmed activation as one that repairs too much would;
     * a full pool is {@code 503 overloaded} ({@link io.peerage.budget.WorkBusyException}), to be tried again.
     */
    @Override
    public Optional<ActivationRefusedException> refusal(PolicySet proposed) {
        int live = impact.liveAllocations();
        if (live == 0) {
            return Optional.empty();
        }
        long work = impact.dryRunWork(0);
        PolicyImpact.Forbidden forbidden;
        try {
            forbidden = heavyWork
                    .submit(
                            "activation guard",
                            "confirm",
                            work,
                            "one per parent of a live allocation",
                            control -> impact.forbiddenBy(proposed, 0, control))
                    .result()
                    .join();
        } catch (WorkTooLargeException tooLarge) {
            return Optional.of(ActivationRefusedException.unmeasured(
                    live,
                    maxShare,
                    "their " + work + " parents are more pairs than one check examines ("
                            + WorkTooLargeException.SETTING + ", " + heavyWork.maxWork() + ")"));
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof WorkStoppedException stopped) {
                return Optional.of(ActivationRefusedException.unmeasured(
                        live, maxShare, "the check stopped (" + stopped.getMessage() + ")"));
            }
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
        Measure measure = of(forbidden);
        if (!measure.confirmNeeded()) {
            return Optional.empty();
        }
        return Optional.of(new ActivationRefusedException(
                measure.repairs(), measure.liveAllocations(), measure.share(), measure.maxShare()));
    }
}
