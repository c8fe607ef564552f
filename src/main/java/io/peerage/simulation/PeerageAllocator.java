package io.peerage.simulation;

import io.peerage.allocation.AllocationSettings;
import io.peerage.allocation.Pipeline;
import io.peerage.allocation.Plan;
import io.peerage.content.Content;
import io.peerage.policy.PolicySet;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.LostShare;
import java.time.Instant;
import java.util.Map;

/**
 * Peerage's own pipeline, the very code the service runs, under one policy set; repairs run the same pipeline for the
 * lost share only, as the service's do ({@link LostShare}).
 */
final class PeerageAllocator implements Allocator {

    private final Pipeline pipeline;
    private final PolicySet policies;

    PeerageAllocator(Swarm swarm, AllocationSettings settings, PolicySet policies) {
        this.pipeline = new Pipeline(swarm, settings);
        this.policies = policies;
    }

    @Override
    public Answer allocate(LiveNode child, Content content, int maxParents, Instant now) {
        Plan plan = pipeline.plan(child, content, maxParents, policies, now, pipeline::reserveUpTo);
        return new Answer(plan.parents(), !plan.evaluation().denials().isEmpty(), plan.relaxed());
    }

    @Override
    public boolean repairs() {
        return true;
    }

    @Override
    public Answer repair(LiveNode child, Content content, LostShare lost, Map<String, String> barred, Instant now) {
        Plan plan = lost.plan(pipeline, child, content, policies, now, barred);
        return new Answer(plan.parents(), !plan.evaluation().denials().isEmpty(), plan.relaxed());
    }
}
