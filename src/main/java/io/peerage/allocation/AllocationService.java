package io.peerage.allocation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.Outcome;
import io.peerage.audit.SummaryLine;
import io.peerage.audit.Verdict;
import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.error.NotFoundException;
import io.peerage.journal.Journal;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The allocation pipeline: feasible candidates (Java), policy evaluation (Drools), relaxation of SOFT rules, the
 * engine's guarantees, ranking, selection with reservation, and the decision record; see docs/architecture.md.
 */
@ApplicationScoped
public class AllocationService {

    private static final int LOCK_STRIPES = 1024;
    static final String RACED = "its spare uplink was taken by a concurrent request";

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final PolicyEngine policies;
    private final DecisionStore decisions;
    private final AllocationStore allocations;
    private final Journal journal;
    private final Clock clock;
    private final AllocationSettings settings;
    private final CandidateFinder finder;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    AllocationService(
            Swarm swarm,
            ContentCatalog contents,
            PolicyEngine policies,
            DecisionStore decisions,
            AllocationStore allocations,
            Journal journal,
            Clock clock,
            AllocationSettings settings,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.contents = contents;
        this.policies = policies;
        this.decisions = decisions;
        this.allocations = allocations;
        this.journal = journal;
        this.clock = clock;
        this.settings = settings;
        this.finder = new CandidateFinder(swarm, settings);
        this.meters = meters;
        this.latency = Timer.builder("peerage.allocation.duration")
                .description("Time to decide, reserve and durably record one allocation")
                .publishPercentileHistogram()
                .register(meters);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Finds parents for a child and a content, reserves their uplink and records the decision. A live allocation of
     * the same child and content is replaced.
     *
     * @throws NoEligibleParentException when no parent is possible; the decision is recorded all the same
     */
    public Allocated allocate(String childId, String contentId, Integer maxParents) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            Allocated allocated = decide(childId, contentId, maxParents);
            outcome = allocated.decision().outcome().name().toLowerCase(java.util.Locale.ROOT);
            return allocated;
        } catch (NoEligibleParentException e) {
            outcome = "no_parent";
            throw e;
        } catch (NotFoundException | io.peerage.error.ConflictException e) {
            outcome = "invalid";
            throw e;
        } catch (io.peerage.journal.JournalOverloadedException e) {
            outcome = "overloaded";
            throw e;
        } finally {
            sample.stop(latency);
            meters.counter("peerage.allocations", "outcome", outcome).increment();
        }
    }

    private Allocated decide(String childId, String contentId, Integer maxParents) {
        LiveNode child = swarm.online(childId);
        Content content = contents.find(contentId).orElseThrow(() -> new NotFoundException("content", contentId));
        int max = maxParents == null ? settings.defaultMaxParents() : maxParents;
        PolicySet policySet = policies.current();
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();

        Decision decision;
        Optional<Assignment> created;
        CompletableFuture<Void> committed;
        // The place in the write queue is taken first: a full queue refuses the request before anything changes.
        try (Journal.Admission admission = journal.admit();
                var lock = lockFor(childId, contentId)) {
            List<Consumer<EntityManager>> changes = new ArrayList<>();
            swarm.assignmentOf(childId, contentId)
                    .flatMap(previous -> swarm.unassign(previous.id()))
                    .ifPresent(previous -> changes.add(allocations.ended(previous.id(), now, "replaced by " + id)));

            Plan plan = plan(child, content, max, policySet, now, this::reserveUpTo);
            // Another request took the uplink of every chosen candidate meanwhile: look again, once the index has
            // moved.
            for (int retry = 0; retry < 2 && plan.parents().isEmpty() && plan.raced(); retry++) {
                plan = plan(child, content, max, policySet, now, this::reserveUpTo);
            }
            decision = plan.decide(id, childId, contentId, now);
            changes.add(decisions.record(decision));
            if (plan.parents().isEmpty()) {
                created = Optional.empty();
            } else {
                Assignment assignment = new Assignment(
                        id,
                        childId,
                        contentId,
                        content.bitrateKbps(),
                        plan.parents(),
                        plan.relaxed(),
                        decision.summary(),
                        now);
                swarm.assign(assignment);
                changes.add(allocations.created(assignment));
                created = Optional.of(assignment);
            }
            // Queued under the lock: the database sees this child's changes in the order they were made.
            committed = journal.append(admission, changes);
        }
        journal.await(committed);
        if (created.isEmpty()) {
            throw new NoEligibleParentException(decision, explainNoParent(decision, content));
        }
        return new Allocated(created.get(), decision);
    }

    /** Takes uplink on a node for a child: as much as wanted and spare, at least {@code minimum}, or none (0). */
    @FunctionalInterface
    interface Reserver {
        long reserve(LiveNode node, long wanted, long minimum);
    }

    /**
     * One pass of the pipeline for one request: candidates, policies, guarantees, relaxation, ranking and selection.
     * The reserver decides whether selection really reserves (an allocation) or only looks (a dry run).
     */
    Plan plan(LiveNode child, Content content, int maxParents, PolicySet policySet, Instant now, Reserver reserver) {
        long required = content.bitrateKbps();
        long minimumShare = (required + maxParents - 1) / maxParents;
        NodeFacts childFacts =
                new NodeFacts(child.profile(), child.classification(), child.spareKbps(), child.quality(), now);
        CandidateFinder.Shortlist shortlist = finder.find(child, childFacts, content, minimumShare, now);
        List<Considered> candidates = shortlist.candidates();
        PolicyEvaluation evaluation = policySet.evaluate(
                new AllocationRequest(
                        childFacts,
                        new ContentFacts(content),
                        maxParents,
                        now,
                        Congestion.measure(swarm, content, policySet.settings().congestion())),
                candidates.stream()
                        .filter(Considered::isEligible)
                        .map(c -> c.fact)
                        .toList());
        for (Considered candidate : candidates) {
            candidate.reasons.addAll(evaluation.rejectionsOf(candidate.id()));
            candidate.preferences.addAll(evaluation.preferencesOf(candidate.id()));
        }
        List<String> relaxed = List.of();
        List<ParentShare> parents = new ArrayList<>();
        if (evaluation.denials().isEmpty()) {
            EngineChecks.applyGuarantees(child, candidates);
            relaxed = relax(child, candidates);
            parents = select(child, candidates, required, minimumShare, maxParents, reserver);
        }
        for (Considered candidate : candidates) {
            if (candidate.verdict == null) {
                candidate.verdict = Verdict.REJECTED;
            }
        }
        boolean raced = candidates.stream().anyMatch(c -> c.note != null && c.note.equals(RACED));
        return new Plan(required, candidates, evaluation, relaxed, parents, shortlist.notExamined(), raced);
    }

    /** The outcome of one pass of the pipeline. */
    record Plan(
            long required,
            List<Considered> candidates,
            PolicyEvaluation evaluation,
            List<String> relaxed,
            List<ParentShare> parents,
            int notExamined,
            boolean raced) {

        Decision decide(String id, String childId, String contentId, Instant now) {
            List<CandidateExplanation> explained =
                    candidates.stream().map(Considered::explain).toList();
            long covered = parents.stream().mapToLong(ParentShare::rateKbps).sum();
            Outcome result =
                    parents.isEmpty() ? Outcome.NO_PARENT : covered < required ? Outcome.PARTIAL : Outcome.ALLOCATED;
            return new Decision(
                    id,
                    childId,
                    contentId,
                    now,
                    evaluation.policyVersion(),
                    result,
                    required,
                    covered,
                    SummaryLine.of(explained, evaluation.denials()),
                    relaxed,
                    evaluation.denials(),
                    explained,
                    notExamined);
        }
    }

    /** Ends a live allocation and frees its reservations; false when it had already ended. */
    public boolean end(String allocationId, String reason) {
        Optional<Assignment> live = swarm.assignment(allocationId);
        if (live.isEmpty()) {
            if (allocations.find(allocationId).isEmpty()
                    && decisions.find(allocationId).isEmpty()) {
                throw new NotFoundException("allocation", allocationId);
            }
            return false;
        }
        Assignment assignment = live.get();
        CompletableFuture<Void> committed;
        try (Journal.Admission admission = journal.admit();
                var lock = lockFor(assignment.childId(), assignment.contentId())) {
            if (swarm.unassign(allocationId).isEmpty()) {
                return false;
            }
            committed = journal.append(admission, List.of(allocations.ended(allocationId, clock.instant(), reason)));
        }
        journal.await(committed);
        return true;
    }

    /**
     * Ends every allocation a node takes part in, as child or as parent, and returns the changes to write with the
     * node's own. Used when the node leaves.
     */
    public List<Assignment> endAllOf(String nodeId, String reason, List<Consumer<EntityManager>> changes) {
        List<Assignment> ended = new ArrayList<>();
        List<Assignment> involved = new ArrayList<>(swarm.assignmentsAsChild(nodeId));
        involved.addAll(swarm.assignmentsAsParent(nodeId));
        Instant now = clock.instant();
        for (Assignment assignment : involved) {
            try (var lock = lockFor(assignment.childId(), assignment.contentId())) {
                swarm.unassign(assignment.id()).ifPresent(gone -> {
                    ended.add(gone);
                    changes.add(allocations.ended(gone.id(), now, reason));
                });
            }
        }
        return ended;
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
    private long reserveUpTo(LiveNode node, long wanted, long minimum) {
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

    private static String explainNoParent(Decision decision, Content content) {
        if (!decision.denials().isEmpty()) {
            return decision.denials().stream()
                    .map(d -> "request denied by rule \"" + d.rule() + "\" (" + d.policyKind() + ", " + d.strictness()
                            + "): " + d.message())
                    .collect(Collectors.joining("; "));
        }
        if (decision.candidates().isEmpty()) {
            return "no eligible parent for " + decision.childId() + ": no online node holds content " + content.id();
        }
        String rules = decision.candidates().stream()
                .flatMap(c -> c.reasons().stream())
                .filter(reason -> !reason.relaxed())
                .map(reason -> "\"" + reason.rule() + "\"")
                .distinct()
                .collect(Collectors.joining(", "));
        String head = "no eligible parent for " + decision.childId() + " and " + decision.contentId() + ": ";
        if (rules.isEmpty()) {
            return head + "concurrent requests took the spare uplink of every eligible candidate; ask again";
        }
        boolean raced = decision.candidates().stream().anyMatch(c -> RACED.equals(c.note()));
        return head + decision.summary() + ". Rules that left nothing: " + rules
                + (raced ? ". Concurrent requests took the spare uplink of the eligible ones; ask again" : "");
    }

    /** A held lock on one child and content, released by closing it. */
    interface HeldLock extends AutoCloseable {
        @Override
        void close();
    }

    private HeldLock lockFor(String childId, String contentId) {
        ReentrantLock lock = locks[Math.floorMod(childId.hashCode() * 31 + contentId.hashCode(), LOCK_STRIPES)];
        lock.lock();
        return lock::unlock;
    }
}
