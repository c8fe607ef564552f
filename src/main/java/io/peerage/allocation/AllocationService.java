package io.peerage.allocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.Outcome;
import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.error.NotFoundException;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicySet;
import io.peerage.policy.PolicyTimeoutException;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The allocation pipeline: feasible candidates (Java), policy evaluation (Drools), relaxation of SOFT rules, the
 * engine's guarantees, ranking, selection with reservation, and the decision record; see docs/architecture.md.
 */
@ApplicationScoped
public class AllocationService {

    private static final int LOCK_STRIPES = 1024;
    static final String RACED = Pipeline.RACED;

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final PolicyEngine policies;
    private final DecisionStore decisions;
    private final AllocationStore allocations;
    private final Journal journal;
    private final Clock clock;
    private final AllocationSettings settings;
    private final BarredPairs barred;
    private final Pipeline pipeline;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    AllocationService(
            Swarm swarm,
            ContentCatalog contents,
            PolicyEngine policies,
            DecisionStore decisions,
            AllocationStore allocations,
            Journal journal,
            Clock clock,
            AllocationSettings settings,
            BarredPairs barred,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.contents = contents;
        this.policies = policies;
        this.decisions = decisions;
        this.allocations = allocations;
        this.journal = journal;
        this.clock = clock;
        this.settings = settings;
        this.barred = barred;
        this.pipeline = new Pipeline(swarm, settings);
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
     * the same child and content is replaced. Waits in this thread for the write; see {@link #allocateLater}.
     *
     * @throws NoEligibleParentException when no parent is possible; the decision is recorded all the same
     */
    public Allocated allocate(String childId, String contentId, Integer maxParents) {
        Timer.Sample sample = Timer.start(meters);
        try {
            Submitted submitted = submit(childId, contentId, maxParents);
            submitted.set().await();
            Allocated allocated = submitted.answer();
            counted(sample, allocated, null);
            return allocated;
        } catch (RuntimeException e) {
            counted(sample, null, e);
            throw e;
        }
    }

    /**
     * As {@link #allocate}, but no thread waits for the write: the pipeline runs on {@code pipelineOn} (worker threads:
     * it takes locks and may read the database) up to the submission of its change set, and the answer completes on
     * {@code answerOn} (such as the request's event loop) once the journal has written or undone the set. Every
     * failure, before the submission or by the write, completes the answer exceptionally with what {@link #allocate}
     * would throw.
     */
    public CompletionStage<Allocated> allocateLater(
            String childId, String contentId, Integer maxParents, Executor pipelineOn, Executor answerOn) {
        CompletableFuture<Allocated> answer = new CompletableFuture<>();
        try {
            pipelineOn.execute(() -> {
                ManagedContext requestContext = Arc.container().requestContext();
                boolean activated = !requestContext.isActive();
                if (activated) {
                    requestContext.activate(); // the database may be read on the way (an offline child, say)
                }
                try {
                    decideLater(childId, contentId, maxParents, answerOn, answer);
                } finally {
                    if (activated) {
                        requestContext.terminate();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            answerOn.execute(() -> answer.completeExceptionally(new io.peerage.journal.JournalUnavailableException(
                    "the service is stopping", journal.unhealthyAfter())));
        }
        return answer;
    }

    private void decideLater(
            String childId,
            String contentId,
            Integer maxParents,
            Executor answerOn,
            CompletableFuture<Allocated> answer) {
        Timer.Sample sample = Timer.start(meters);
        Submitted submitted;
        try {
            submitted = submit(childId, contentId, maxParents);
        } catch (RuntimeException e) {
            counted(sample, null, e);
            answerOn.execute(() -> answer.completeExceptionally(e));
            return;
        }
        submitted.set().whenSettled(writeFailure -> {
            CompletableFuture<Void> delivered = new CompletableFuture<>();
            answerOn.execute(() -> {
                try {
                    if (writeFailure != null) {
                        throw writeFailure;
                    }
                    Allocated allocated = submitted.answer();
                    counted(sample, allocated, null);
                    answer.complete(allocated);
                } catch (RuntimeException e) {
                    counted(sample, null, e);
                    answer.completeExceptionally(e);
                } finally {
                    delivered.complete(null);
                }
            });
            return delivered;
        });
    }

    private void counted(Timer.Sample sample, Allocated allocated, Throwable failure) {
        sample.stop(latency);
        // Looked up by outcome here rather than in the registry: a registry lookup builds an id and its tags every
        // time.
        outcomes.computeIfAbsent(
                        outcomeOf(allocated, failure),
                        outcome -> meters.counter("peerage.allocations", "outcome", outcome))
                .increment();
    }

    private static String outcomeOf(Allocated allocated, Throwable failure) {
        if (allocated != null) {
            return allocated.decision().outcome().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (failure instanceof NoEligibleParentException) {
            return "no_parent";
        }
        if (failure instanceof NotFoundException || failure instanceof io.peerage.error.ConflictException) {
            return "invalid";
        }
        if (failure instanceof PolicyTimeoutException) {
            return "policy_timeout";
        }
        if (failure instanceof io.peerage.journal.JournalOverloadedException) {
            return "overloaded";
        }
        if (failure instanceof io.peerage.journal.JournalUnavailableException) {
            return "unavailable";
        }
        return "error";
    }

    /** A decision made, reserved and submitted to the journal: its answer once the set is written. */
    private record Submitted(
            ChangeSet set,
            Decision decision,
            Content content,
            Optional<Assignment> created,
            Optional<Assignment> previous,
            PolicyTimeoutException timedOut) {

        Allocated answer() {
            if (timedOut != null) {
                throw timedOut;
            }
            if (created.isEmpty()) {
                throw new NoEligibleParentException(
                        decision,
                        explainNoParent(decision, content),
                        previous.map(Assignment::id).orElse(null));
            }
            return new Allocated(created.get(), decision);
        }
    }

    private Submitted submit(String childId, String contentId, Integer maxParents) {
        LiveNode child = swarm.online(childId);
        Content content = contents.find(contentId).orElseThrow(() -> new NotFoundException("content", contentId));
        int max = maxParents == null ? settings.defaultMaxParents() : maxParents;
        PolicySet policySet = policies.current();
        Instant now = clock.instant();
        String id = AllocationIds.next(now);
        // A pair that could not connect is not made again while it is barred, by a re-ask no more than by a repair.
        Exclusions exclusions = new Exclusions(Set.of(), barred.barredFor(childId, now));

        Decision decision = null;
        Optional<Assignment> created;
        Optional<Assignment> previous;
        PolicyTimeoutException timedOut = null;
        // The place in the write queue is taken first: a full queue refuses the request before anything changes.
        try (ChangeSet set = journal.begin();
                var lock = lockFor(childId, contentId)) {
            set.touchNode(childId);
            // A re-ask keeps its live allocation, and the uplink reserved for it, until new parents are reserved:
            // when none are found it goes on, and undoing the re-ask never has to take uplink back from others.
            previous = swarm.assignmentOf(childId, contentId);
            created = Optional.empty();
            // A chosen parent that started leaving after its uplink was reserved is not recorded as a parent: look
            // again. Each round ends with an assignment, no parent, or one more departed node, which no later round
            // can reserve on, so the rounds end.
            try {
                while (true) {
                    Plan plan = planAllowingForRaces(child, content, max, policySet, now, exclusions);
                    decision = plan.decide(id, childId, contentId, now);
                    if (plan.parents().isEmpty()) {
                        break;
                    }
                    Assignment assignment = new Assignment(
                            id,
                            childId,
                            contentId,
                            content.bitrateKbps(),
                            plan.parents(),
                            plan.relaxed(),
                            decision.summary(),
                            now,
                            max);
                    if (swarm.assignToOnlineParents(assignment)) {
                        created = Optional.of(assignment);
                        break;
                    }
                }
                set.write(decisions.record(decision));
            } catch (PolicyTimeoutException timeout) {
                // Fails closed, but on record. The rules run before any reservation, so nothing is reserved.
                timedOut = timeout.recordedAs(id);
                decision = timedOutDecision(id, childId, content, policySet, now, timeout);
                set.write(decisions.record(decision));
            }
            if (created.isPresent()) {
                Assignment assignment = created.get();
                touch(set, assignment);
                set.undo(() -> swarm.unassign(assignment.id()));
                set.write(allocations.created(assignment));
                previous.ifPresent(old -> end(set, old.id(), now, "replaced by " + id));
            }
            // Submitted under the lock: the database sees this child's changes in the order they were made.
            set.submit();
            return new Submitted(set, decision, content, created, previous, timedOut);
        }
    }

    /**
     * Ends a live allocation as part of a change set: out of the swarm at once, its uplink given back once the end is
     * written, put back if it cannot be. False when it had already ended.
     */
    private boolean end(ChangeSet set, String allocationId, Instant at, String reason) {
        Optional<Assignment> detached = swarm.detach(allocationId);
        detached.ifPresent(gone -> {
            touch(set, gone);
            set.undo(() -> swarm.reattach(gone));
            set.afterWrite(() -> swarm.releaseReservations(gone));
            set.write(allocations.ended(gone.id(), at, reason));
        });
        return detached.isPresent();
    }

    private static void touch(ChangeSet set, Assignment assignment) {
        set.touchAllocation(assignment.id());
        set.touchNode(assignment.childId());
        assignment.parents().forEach(parent -> set.touchNode(parent.nodeId()));
    }

    /** The record of a request whose rules ran past their time budget: who asked for what, and where it stopped. */
    private static Decision timedOutDecision(
            String id, String childId, Content content, PolicySet policySet, Instant now, PolicyTimeoutException e) {
        return new Decision(
                id,
                childId,
                content.id(),
                now,
                policySet.number(),
                Outcome.POLICY_TIMEOUT,
                content.bitrateKbps(),
                0,
                "no decision: " + e.getMessage(),
                List.of(),
                List.of(),
                List.of(),
                0,
                Map.of());
    }

    /** A plan; when another request took the uplink of every chosen candidate meanwhile, looked for again. */
    private Plan planAllowingForRaces(
            LiveNode child, Content content, int max, PolicySet policySet, Instant now, Exclusions exclusions) {
        Plan plan = pipeline.plan(
                child, content, max, policySet, now, pipeline::reserveUpTo, exclusions, content.bitrateKbps());
        for (int retry = 0; retry < 2 && plan.parents().isEmpty() && plan.raced(); retry++) {
            plan = pipeline.plan(
                    child, content, max, policySet, now, pipeline::reserveUpTo, exclusions, content.bitrateKbps());
        }
        return plan;
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
        ChangeSet written;
        try (ChangeSet set = journal.begin();
                var lock = lockFor(assignment.childId(), assignment.contentId())) {
            if (!end(set, allocationId, clock.instant(), reason)) {
                return false;
            }
            set.submit();
            written = set;
        }
        written.await();
        return true;
    }

    /**
     * Ends, within the given change set, every allocation a node takes part in, as child or as parent. Used when the
     * node leaves.
     */
    public List<Assignment> endAllOf(String nodeId, String reason, ChangeSet set) {
        List<Assignment> involved = new ArrayList<>(swarm.assignmentsAsChild(nodeId));
        involved.addAll(swarm.assignmentsAsParent(nodeId));
        return endEach(involved, reason, set);
    }

    /** Ends, within the given change set, every allocation a node receives. */
    public List<Assignment> endAllAsChild(String nodeId, String reason, ChangeSet set) {
        return endEach(swarm.assignmentsAsChild(nodeId), reason, set);
    }

    private List<Assignment> endEach(List<Assignment> involved, String reason, ChangeSet set) {
        List<Assignment> ended = new ArrayList<>();
        Instant now = clock.instant();
        for (Assignment assignment : involved) {
            try (var lock = lockFor(assignment.childId(), assignment.contentId())) {
                if (end(set, assignment.id(), now, reason)) {
                    ended.add(assignment);
                }
            }
        }
        return ended;
    }

    /**
     * One pass of the pipeline for one request, under the given policies; the reserver decides whether selection
     * really reserves or only looks.
     */
    Plan plan(LiveNode child, Content content, int maxParents, PolicySet policySet, Instant now, Reserver reserver) {
        return pipeline.plan(child, content, maxParents, policySet, now, reserver);
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
    public interface HeldLock extends AutoCloseable {
        @Override
        void close();
    }

    /** The lock that orders every change of one child's allocation of one content: allocations and repairs. */
    public HeldLock lockFor(String childId, String contentId) {
        ReentrantLock lock = locks[Math.floorMod(childId.hashCode() * 31 + contentId.hashCode(), LOCK_STRIPES)];
        lock.lock();
        return lock::unlock;
    }
}
