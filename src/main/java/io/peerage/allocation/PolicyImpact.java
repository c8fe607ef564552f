package io.peerage.allocation;

import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.Outcome;
import io.peerage.audit.Verdict;
import io.peerage.budget.RunControl;
import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a policy set would change, measured against the live swarm without changing it: which current assignments it
 * forbids, and how recent requests would be decided under it compared with the active set.
 */
@ApplicationScoped
public class PolicyImpact {

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final DecisionStore decisions;
    private final AllocationService allocations;
    private final AllocationSettings settings;
    private final Clock clock;

    PolicyImpact(
            Swarm swarm,
            ContentCatalog contents,
            DecisionStore decisions,
            AllocationService allocations,
            AllocationSettings settings,
            Clock clock) {
        this.swarm = swarm;
        this.contents = contents;
        this.decisions = decisions;
        this.allocations = allocations;
        this.settings = settings;
        this.clock = clock;
    }

    /** One parent of a live assignment that a policy set forbids, and why. */
    public record ForbiddenParent(
            String allocationId, String childId, String contentId, String parentId, List<Reason> reasons) {}

    /**
     * The live assignments a policy set forbids: a parent is forbidden when a HARD rule, a denial or an engine check
     * rules it out (a SOFT rejection could still be relaxed).
     *
     * @param assignments live assignments examined
     * @param forbiddenAllocations live assignments with at least one forbidden parent: those a change would repair
     * @param byRule how many forbidden parents each rule accounts for; a parent with two reasons counts under both
     */
    public record Forbidden(
            int assignments,
            int forbiddenAllocations,
            int forbiddenParents,
            Map<String, Integer> byRule,
            List<ForbiddenParent> examples) {}

    /** How one recent request would be decided now, under the active set and under the proposed one. */
    public record Replay(
            String decisionId,
            String childId,
            String contentId,
            Outcome activeOutcome,
            List<String> activeParents,
            Outcome proposedOutcome,
            List<String> proposedParents,
            String proposedSummary) {}

    /**
     * @param notReplayable recent requests whose child has left or whose content is gone
     */
    public record Replays(int sampled, int notReplayable, int changed, List<Replay> examples) {}

    public Forbidden forbiddenBy(PolicySet policies, int maxExamples) {
        return forbiddenBy(policies, maxExamples, RunControl.UNLIMITED);
    }

    /** As {@link #forbiddenBy(PolicySet, int)}, stopping when {@code control} says so (a dry run in the pool). */
    public Forbidden forbiddenBy(PolicySet policies, int maxExamples, RunControl control) {
        Instant now = clock.instant();
        int assignments = 0;
        int forbidden = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        List<ForbiddenParent> examples = new ArrayList<>();
        int allocations = 0;
        for (Assignment assignment : List.copyOf(swarm.assignments())) {
            Optional<List<ForbiddenParent>> found = forbiddenParentsOf(assignment, policies, now, control);
            if (found.isEmpty()) {
                continue;
            }
            assignments++;
            if (!found.get().isEmpty()) {
                allocations++;
            }
            for (ForbiddenParent parent : found.get()) {
                forbidden++;
                parent.reasons().stream()
                        .map(Reason::rule)
                        .distinct()
                        .forEach(rule -> byRule.merge(rule, 1, Integer::sum));
                if (examples.size() < maxExamples) {
                    examples.add(parent);
                }
            }
        }
        return new Forbidden(assignments, allocations, forbidden, byRule, examples);
    }

    /**
     * The parents of one live assignment that a policy set forbids now, each with its HARD reasons: the one definition
     * of a forbidden pair, for dry runs, activations and the repairs that follow them. Empty when the assignment's
     * child or content is gone (its own departure ends it).
     */
    public Optional<List<ForbiddenParent>> forbiddenParentsOf(
            Assignment assignment, PolicySet policies, Instant now, RunControl control) {
        Optional<LiveNode> child = swarm.node(assignment.childId());
        Optional<Content> content = contents.find(assignment.contentId());
        if (child.isEmpty() || content.isEmpty()) {
            return Optional.empty();
        }
        List<ForbiddenParent> forbidden = new ArrayList<>();
        for (ParentShare share : assignment.parents()) {
            control.tick();
            Optional<LiveNode> parent = swarm.node(share.nodeId());
            if (parent.isEmpty()) {
                continue;
            }
            List<Reason> reasons = PairCheck.check(
                            swarm,
                            policies,
                            child.get(),
                            parent.get(),
                            content.get(),
                            assignment.maxParents(),
                            parent.get().spareKbps() + share.rateKbps(),
                            now)
                    .stream()
                    .filter(reason -> reason.strictness() == Strictness.HARD)
                    .toList();
            if (!reasons.isEmpty()) {
                forbidden.add(new ForbiddenParent(
                        assignment.id(), assignment.childId(), assignment.contentId(), share.nodeId(), reasons));
            }
        }
        return Optional.of(forbidden);
    }

    /**
     * What the clock-reading rules of a set read of one live pair at a moment, such as whether the parent is in its
     * quiet hours: a pair whose readings did not change between two moments got the same verdicts from those rules.
     * Empty when the set has no such rule or the pair is gone.
     */
    public Optional<List<Object>> clockReadings(
            Assignment assignment, String parentId, PolicySet policies, Instant at) {
        ClockReadings readings = clockReadingsOf(policies);
        if (readings.isEmpty()) {
            return Optional.empty();
        }
        Optional<LiveNode> child = swarm.node(assignment.childId());
        Optional<Content> content = contents.find(assignment.contentId());
        Optional<LiveNode> parent = swarm.node(parentId);
        Optional<ParentShare> share = assignment.parents().stream()
                .filter(p -> p.nodeId().equals(parentId))
                .findFirst();
        if (child.isEmpty() || content.isEmpty() || parent.isEmpty() || share.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PairCheck.clockReadings(
                swarm,
                policies,
                readings,
                child.get(),
                parent.get(),
                content.get(),
                assignment.maxParents(),
                parent.get().spareKbps() + share.get().rateKbps(),
                at));
    }

    /** The getter chains that {@link #clockReadings} reads under a set, such as {@code Candidate.node.inQuietHours}. */
    public List<String> clockChains(PolicySet policies) {
        return clockReadingsOf(policies).names();
    }

    private ClockReadings clockReadingsOf(PolicySet policies) {
        CachedReadings cached = clockReadings;
        if (cached == null || cached.set() != policies) {
            cached = new CachedReadings(policies, ClockReadings.of(policies));
            clockReadings = cached;
        }
        return cached.readings();
    }

    private record CachedReadings(PolicySet set, ClockReadings readings) {}

    private volatile CachedReadings clockReadings;

    /** Live allocations now. */
    public int liveAllocations() {
        return swarm.assignmentCount();
    }

    /** The work of a dry run before it starts, in the pool's units: each parent of a live assignment, each replay twice. */
    public long dryRunWork(int sampleSize) {
        long parents = 0;
        for (Assignment assignment : List.copyOf(swarm.assignments())) {
            parents += assignment.parents().size();
        }
        return parents + 2L * sampleSize;
    }

    /** Decides the most recent requests again, under the active and the proposed set, reserving nothing. */
    public Replays replay(PolicySet active, PolicySet proposed, int sampleSize, int maxExamples) {
        return replay(active, proposed, sampleSize, maxExamples, RunControl.UNLIMITED);
    }

    /** As {@link #replay(PolicySet, PolicySet, int, int)}, stopping when {@code control} says so. */
    public Replays replay(PolicySet active, PolicySet proposed, int sampleSize, int maxExamples, RunControl control) {
        Instant now = clock.instant();
        List<Decision> recent = decisions.recent(sampleSize);
        int notReplayable = 0;
        int changed = 0;
        List<Replay> examples = new ArrayList<>();
        for (Decision decision : recent) {
            control.check();
            Optional<LiveNode> child = swarm.node(decision.childId());
            Optional<Content> content = contents.find(decision.contentId());
            if (child.isEmpty() || content.isEmpty()) {
                notReplayable++;
                continue;
            }
            // As the request asked, when its allocation is still live; the decision does not keep it otherwise.
            int maxParents = swarm.assignment(decision.allocationId())
                    .map(Assignment::maxParents)
                    .orElse(settings.defaultMaxParents());
            Decision before = allocations
                    .plan(child.get(), content.get(), maxParents, active, now, Reserver::lookOnly)
                    .decide(decision.allocationId(), decision.childId(), decision.contentId(), now);
            Decision after = allocations
                    .plan(child.get(), content.get(), maxParents, proposed, now, Reserver::lookOnly)
                    .decide(decision.allocationId(), decision.childId(), decision.contentId(), now);
            if (before.outcome() == after.outcome() && parents(before).equals(parents(after))) {
                continue;
            }
            changed++;
            if (examples.size() < maxExamples) {
                examples.add(new Replay(
                        decision.allocationId(),
                        decision.childId(),
                        decision.contentId(),
                        before.outcome(),
                        parents(before),
                        after.outcome(),
                        parents(after),
                        after.summary()));
            }
        }
        return new Replays(recent.size(), notReplayable, changed, examples);
    }

    private static List<String> parents(Decision decision) {
        return decision.candidates().stream()
                .filter(candidate -> candidate.verdict() == Verdict.ASSIGNED)
                .map(candidate -> candidate.nodeId())
                .sorted()
                .toList();
    }
}
