package io.peerage.allocation;

import io.peerage.content.Content;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Reason;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.List;

/**
 * The pipeline's checks for one child and one would-be parent, outside any request: feasibility, the policies of a
 * given set, and the engine's guarantees. Used to answer why-not questions and to see what a policy change forbids.
 */
final class PairCheck {

    private PairCheck() {}

    /**
     * @param spareKbps the uplink the parent could give this child: its spare uplink, plus what it already reserved
     *     for this child when the pair exists
     */
    static List<Reason> check(
            Swarm swarm,
            PolicySet policies,
            LiveNode child,
            LiveNode parent,
            Content content,
            int maxParents,
            long spareKbps,
            Instant now) {
        long minimumShare = Pipeline.minimumShareKbps(content, maxParents);
        NodeFacts childFacts = Pipeline.factsOf(child, now);
        Considered considered =
                CandidateFinder.consider(parent, child, childFacts, new ContentFacts(content), spareKbps, now);
        if (spareKbps < minimumShare) {
            EngineChecks.rejectNoSpareUplink(considered, spareKbps, minimumShare);
        }
        if (swarm.downstreamOf(child.id(), content.id()).contains(parent.id())) {
            EngineChecks.rejectDownstream(considered, content.id(), child.id());
        }
        PolicyEvaluation evaluation = policies.evaluate(
                Pipeline.request(swarm, childFacts, content, maxParents, policies, now), List.of(considered.fact));
        considered.reasons.addAll(evaluation.denials());
        considered.reasons.addAll(evaluation.rejectionsOf(parent.id()));
        EngineChecks.applyGuarantees(child, List.of(considered));
        return List.copyOf(considered.reasons);
    }

    /**
     * What the set's clock-reading rules read of this pair at one moment (see {@link ClockReadings}), from the same
     * facts the check itself builds.
     */
    static List<Object> clockReadings(
            Swarm swarm,
            PolicySet policies,
            ClockReadings readings,
            LiveNode child,
            LiveNode parent,
            Content content,
            int maxParents,
            long spareKbps,
            Instant at) {
        NodeFacts childFacts = Pipeline.factsOf(child, at);
        Considered considered =
                CandidateFinder.consider(parent, child, childFacts, new ContentFacts(content), spareKbps, at);
        return readings.read(
                considered.fact, () -> Pipeline.request(swarm, childFacts, content, maxParents, policies, at));
    }
}
