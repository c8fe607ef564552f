package io.peerage.allocation;

import io.peerage.audit.Verdict;
import io.peerage.content.Content;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.HolderPart;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure allocation pipeline over one swarm: feasible candidates (Java), policy evaluation (Drools), the engine's
 * guarantees, relaxation of SOFT rules, ranking and selection. It knows no database, clock or lock: the service wraps
 * it with those, and the simulator runs it on a swarm of its own in simulated time.
 */
public final class Pipeline {

    static final String RACED = "its spare uplink was taken by a concurrent request";

    private final Swarm swarm;
    private final CandidateFinder finder;

    public Pipeline(Swarm swarm, AllocationSettings settings) {
        this.swarm = swarm;
        this.finder = new CandidateFinder(swarm, settings);
    }

    /** The least a parent must be able to give: the content's rate split over the most parents a request may have. */
    static long minimumShareKbps(Content content, int maxParents) {
        return (content.bitrateKbps() + maxParents - 1) / maxParents;
    }

    /** A node as the policies see it at this moment. */
    static NodeFacts factsOf(LiveNode node, Instant now) {
        return new NodeFacts(node.profile(), node.classification(), node.spareKbps(), node.quality(), now);
    }

    /** The request fact: the child, the content, and how loaded the content's swarm is under the set's settings. */
    static AllocationRequest request(
            Swarm swarm, NodeFacts child, Content content, int maxParents, PolicySet policySet, Instant now) {
        return new AllocationRequest(
                child,
                new ContentFacts(content),
                maxParents,
                now,
                Congestion.measure(swarm, content, policySet.settings().congestion()));
    }

    /**
     * One pass of the pipeline for one request: candidates, policies, guarantees, relaxation, ranking and selection.
     * The reserver decides whether selection really reserves (an allocation) or only looks (a dry run).
     */
    public Plan plan(
            LiveNode child, Content content, int maxParents, PolicySet policySet, Instant now, Reserver reserver) {
        return plan(child, content, maxParents, policySet, now, reserver, Exclusions.NONE, content.bitrateKbps());
    }

    /**
     * One pass for a repair: the same steps and policies, for only the rate that was lost ({@code requiredKbps}, at
     * most the content's), from at most {@code maxParents} new parents, the excluded holders on record as rejected.
     */
    public Plan plan(
            LiveNode child,
            Content content,
            int maxParents,
            PolicySet policySet,
            Instant now,
            Reserver reserver,
            Exclusions exclusions,
            long requiredKbps) {
        long required = Math.min(requiredKbps, content.bitrateKbps());
        long minimumShare = (required + maxParents - 1) / maxParents;
        NodeFacts childFacts = factsOf(child, now);
        AllocationRequest request = request(swarm, childFacts, content, maxParents, policySet, now);
        Examination examined = examine(
                child, childFacts, content, required, minimumShare, maxParents, policySet, request, now, exclusions);
        // A holder moving in the index during the walk can be missed: an empty walk is tried again.
        for (int retry = 0;
                retry < 3 && examined.candidates().isEmpty() && swarm.holderCount(content.id()) > 0;
                retry++) {
            examined = examine(
                    child,
                    childFacts,
                    content,
                    required,
                    minimumShare,
                    maxParents,
                    policySet,
                    request,
                    now,
                    exclusions);
        }
        List<Considered> candidates = examined.candidates();
        PolicyEvaluation evaluation = examined.evaluation();
        List<String> relaxed = List.of();
        List<ParentShare> parents = new ArrayList<>();
        if (evaluation.denials().isEmpty()) {
            // The walk went on until the eligible candidates covered the rate or nothing was left within its limit:
            // a rule is relaxed only when no eligible holder sits unexamined.
            relaxed = relax(child, candidates);
            parents = select(child, candidates, required, minimumShare, maxParents, reserver);
        }
        for (Considered candidate : candidates) {
            if (candidate.verdict == null) {
                candidate.verdict = Verdict.REJECTED;
            }
        }
        boolean raced = candidates.stream().anyMatch(c -> c.note != null && c.note.equals(RACED));
        return new Plan(required, candidates, evaluation, relaxed, parents, examined.notExamined(), raced);
    }

    /** The candidates of one request with the rules' verdicts on them, and the holders left unexamined by part. */
    private record Examination(
            List<Considered> candidates, PolicyEvaluation evaluation, Map<HolderPart, Integer> notExamined) {}

    /**
     * Walks the holders closest first and puts each batch to the rules and the engine's guarantees, until the eligible
     * candidates can cover the rate or the walk has nothing left within its limit.
     */
    private Examination examine(
            LiveNode child,
            NodeFacts childFacts,
            Content content,
            long required,
            long minimumShare,
            int maxParents,
            PolicySet policySet,
            AllocationRequest request,
            Instant now,
            Exclusions exclusions) {
        CandidateFinder.Walk walk =
                finder.walk(child, childFacts, content, required, minimumShare, maxParents, now, exclusions);
        List<Considered> candidates = new ArrayList<>();
        List<Considered> eligible = new ArrayList<>();
        PolicyEvaluation evaluation = null;
        do {
            List<Considered> batch = walk.next(eligible);
            if (evaluation != null && batch.isEmpty()) {
                break;
            }
            List<Candidate> facts = batch.stream()
                    .filter(Considered::isEligible)
                    .map(c -> c.fact)
                    .toList();
            if (evaluation != null && facts.isEmpty()) {
                // Only holders the engine rejected: nothing for the rules.
                candidates.addAll(batch);
                continue;
            }
            PolicyEvaluation verdicts = policySet.evaluate(request, facts);
            for (Considered candidate : batch) {
                candidate.reasons.addAll(verdicts.rejectionsOf(candidate.id()));
                candidate.preferences.addAll(verdicts.preferencesOf(candidate.id()));
            }
            evaluation = evaluation == null ? verdicts : merged(evaluation, verdicts);
            candidates.addAll(batch);
            if (!evaluation.denials().isEmpty()) {
                break;
            }
            EngineChecks.applyGuarantees(child, batch);
            for (Considered candidate : batch) {
                if (candidate.isEligible()) {
                    eligible.add(candidate);
                }
            }
        } while (!walk.exhausted() && !covers(eligible, required, maxParents));
        return new Examination(candidates, evaluation, walk.notExamined());
    }

    private static boolean covers(List<Considered> eligible, long required, int maxParents) {
        CandidateFinder.Coverage coverage = new CandidateFinder.Coverage(required, maxParents);
        for (Considered candidate : eligible) {
            coverage.add(candidate.node, candidate.spareKbps);
        }
        return coverage.covers();
    }

    /** The verdicts of two batches of one request, under the one policy version. */
    private static PolicyEvaluation merged(PolicyEvaluation first, PolicyEvaluation then) {
        Map<String, List<Reason>> rejections = new HashMap<>(first.rejections());
        rejections.putAll(then.rejections());
        Map<String, List<Preference>> preferences = new HashMap<>(first.preferences());
        preferences.putAll(then.preferences());
        List<Reason> denials = new ArrayList<>(first.denials());
        denials.addAll(then.denials());
        return new PolicyEvaluation(first.policyVersion(), rejections, preferences, denials);
    }

    /**
     * When no candidate is eligible, lifts SOFT rejections one whole rule at a time, lowest priority (highest rank
     * number) first, until one is. Returns the rules lifted, in order.
     */
    private static List<String> relax(LiveNode child, List<Considered> candidates) {
        List<String> relaxed = new ArrayList<>();
        while (candidates.stream().noneMatch(Considered::isEligible)) {
            Optional<Reason> next = candidates.stream()
                    .flatMap(c -> c.reasons.stream())
                    .filter(reason -> !reason.relaxed() && reason.strictness() == Strictness.SOFT)
                    .max(Comparator.comparingInt(Reason::rank).thenComparing(Reason::rule, Comparator.reverseOrder()));
            if (next.isEmpty()) {
                break;
            }
            String rule = next.get().rule();
            candidates.forEach(candidate -> candidate.relax(rule));
            relaxed.add(rule);
            EngineChecks.applyGuarantees(child, candidates);
        }
        return relaxed;
    }

    /** Ranks the eligible candidates and reserves uplink on the best until the rate is covered. */
    private static List<ParentShare> select(
            LiveNode child,
            List<Considered> candidates,
            long required,
            long minimumShare,
            int maxParents,
            Reserver reserver) {
        List<Considered> eligible = new ArrayList<>();
        for (Considered candidate : candidates) {
            if (candidate.isEligible()) {
                candidate.score = Ranker.score(candidate, required);
                eligible.add(candidate);
            }
        }
        eligible.sort(Ranker.BEST_FIRST);
        List<ParentShare> parents = new ArrayList<>();
        long remaining = required;
        for (Considered candidate : eligible) {
            if (remaining <= 0) {
                candidate.verdict = Verdict.OUTRANKED;
                candidate.note = "the content's rate was already covered by higher-ranked parents";
                continue;
            }
            if (parents.size() >= maxParents) {
                candidate.verdict = Verdict.OUTRANKED;
                candidate.note = "the request's " + maxParents + " parents were already chosen";
                continue;
            }
            long rate = reserver.reserve(candidate.node, remaining, Math.min(minimumShare, remaining));
            if (rate == 0) {
                candidate.verdict = Verdict.OUTRANKED;
                candidate.note = RACED;
                continue;
            }
            candidate.verdict = Verdict.ASSIGNED;
            candidate.rateKbps = rate;
            parents.add(new ParentShare(
                    candidate.id(),
                    candidate.node.profile().kind(),
                    candidate.node.classification().peerType(),
                    rate,
                    ConnectMode.between(
                            child.classification().peerType(),
                            candidate.node.classification().peerType())));
            remaining -= rate;
        }
        return parents;
    }

    /** Reserves as much as is needed and spare, at least {@code minimum}; 0 when that much is not spare. */
    public long reserveUpTo(LiveNode node, long wanted, long minimum) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long rate = Math.min(node.spareKbps(), wanted);
            if (rate < minimum || rate <= 0) {
                return 0;
            }
            if (swarm.reserve(node, rate)) {
                return rate;
            }
        }
        return 0;
    }
}
