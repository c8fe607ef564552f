package io.peerage.upkeep;

import io.peerage.allocation.Exclusions;
import io.peerage.allocation.Pipeline;
import io.peerage.allocation.Plan;
import io.peerage.content.Content;
import io.peerage.policy.PolicySet;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a repair looks for, and nothing more: the parents an allocation keeps (all but the lost ones) keep their shares,
 * the rate they leave missing is looked for among the other holders, from as many new parents as the allocation has
 * room for. Plain, so that the service's repairs and the simulator's run the very same rule.
 *
 * @param kept the parents that keep their shares
 * @param missingKbps the rate the kept parents do not cover
 * @param slots how many new parents the pass may choose
 */
public record LostShare(List<ParentShare> kept, long missingKbps, int slots) {

    public LostShare {
        kept = List.copyOf(kept);
    }

    /** The share {@code lost} leaves in {@code current}, with room for as many parents as the allocation asked for. */
    public static LostShare of(Assignment current, Set<String> lost) {
        return of(current, lost, UnaryOperator.identity());
    }

    /**
     * As above, each kept parent keeping what {@code keptAs} leaves it of its share (a slow parent keeps what it
     * delivered).
     */
    public static LostShare of(Assignment current, Set<String> lost, UnaryOperator<ParentShare> keptAs) {
        List<ParentShare> kept = current.parents().stream()
                .filter(parent -> !lost.contains(parent.nodeId()))
                .map(keptAs)
                .toList();
        long missing = current.requiredKbps()
                - kept.stream().mapToLong(ParentShare::rateKbps).sum();
        return new LostShare(kept, missing, Math.max(1, current.maxParents() - kept.size()));
    }

    /** Nothing to repair: every parent stays and the rate is covered. */
    public boolean nothingLost(Assignment current) {
        return missingKbps <= 0 && kept.size() == current.parents().size();
    }

    /**
     * The pipeline's pass for the missing rate, reserving what it chooses; the kept parents and {@code barred} (each
     * parent with why) are on record as excluded.
     */
    public Plan plan(
            Pipeline pipeline,
            LiveNode child,
            Content content,
            PolicySet policies,
            Instant now,
            Map<String, String> barred) {
        Set<String> keptIds = new HashSet<>();
        kept.forEach(parent -> keptIds.add(parent.nodeId()));
        return pipeline.plan(
                child,
                content,
                slots,
                policies,
                now,
                pipeline::reserveUpTo,
                new Exclusions(keptIds, barred),
                Math.max(missingKbps, 1));
    }

    /** The revision's parents: the kept ones, then the ones the pass chose. */
    public List<ParentShare> parents(List<ParentShare> chosen) {
        List<ParentShare> parents = new ArrayList<>(kept);
        parents.addAll(chosen);
        return parents;
    }
}
