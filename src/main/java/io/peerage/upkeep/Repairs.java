package io.peerage.upkeep;

import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.allocation.AllocationIds;
import io.peerage.allocation.AllocationService;
import io.peerage.allocation.AllocationSettings;
import io.peerage.allocation.AllocationStore;
import io.peerage.allocation.Pipeline;
import io.peerage.allocation.Plan;
import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.RepairTrigger;
import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.peerage.policy.PolicyEngine;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Repairs as revisions: an allocation that lost a parent keeps its id and gets a new revision, in which only the lost
 * share is looked for again, by the same pipeline and policies as an allocation, the parents it keeps and the barred
 * pairs excluded. Each repair is recorded once as a decision with its trigger. A repair that finds nothing (or not
 * enough) is recorded all the same, and the sweep tries it again quietly: a retry is recorded only when it finds
 * parents.
 */
@ApplicationScoped
public class Repairs {

    /** A lost share still to be looked for, and whether its decision is on record already. */
    record Pending(RepairTrigger trigger, Set<String> lost, boolean recorded) {}

    /** A repair made: the new revision and the decision that chose it (recorded or, for a quiet retry, not). */
    public record Revised(Assignment assignment, Decision decision, RepairTrigger trigger, boolean recorded) {}

    /**
     * A parent that a child's reports found wanting ({@link DeliveryWatch}). NO_DATA replaces its share. CONGESTION
     * keeps it at the rate it delivers and adds a parent for the rest, or replaces it when the allocation has the
     * maxParents it asked for already (or it delivers nothing); a CONGESTION repair that finds no parent changes nothing, as a slow
     * parent is better than none. Until {@code barredUntil} the parent is not chosen again for the allocation, by this
     * repair, a sibling pair's or a retry.
     *
     * @param deliveredKbps what the parent delivers (CONGESTION)
     * @param why what the reports showed: the decisions' reason for not choosing the parent again
     */
    public record Shortfall(
            String parentId, RepairTrigger trigger, long deliveredKbps, String why, Instant barredUntil) {

        /**
         * Whether the parent goes: NO_DATA always, CONGESTION when the allocation has as many parents as it asked for
         * (its own maxParents) or when the parent delivers nothing.
         */
        boolean replaces(Assignment current) {
            return trigger != RepairTrigger.CONGESTION || deliveredKbps <= 0 || current.atMaxParents();
        }

        /** The share a parent keeps: a congested parent kept keeps what it delivers. */
        ParentShare kept(ParentShare parent) {
            if (!parent.nodeId().equals(parentId) || deliveredKbps >= parent.rateKbps()) {
                return parent;
            }
            return new ParentShare(parent.nodeId(), parent.kind(), parent.peerType(), deliveredKbps, parent.connect());
        }
    }

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final PolicyEngine policies;
    private final AllocationService allocations;
    private final AllocationStore allocationRows;
    private final DecisionStore decisions;
    private final Journal journal;
    private final Clock clock;
    private final AllocationSettings settings;
    private final PairBars bars;
    private final Pipeline pipeline;
    private final int immediatePerDeparture;
    private final MeterRegistry meters;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    // Per allocation, the parents its child's reports found wanting, barred from its repairs for a while (memory only).
    private final Map<String, Map<String, Shortfall>> wanting = new ConcurrentHashMap<>();

    Repairs(
            Swarm swarm,
            ContentCatalog contents,
            PolicyEngine policies,
            AllocationService allocations,
            AllocationStore allocationRows,
            DecisionStore decisions,
            Journal journal,
            Clock clock,
            AllocationSettings settings,
            PairBars bars,
            @ConfigProperty(name = "peerage.repair.immediate-per-departure", defaultValue = "100")
                    int immediatePerDeparture,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.contents = contents;
        this.policies = policies;
        this.allocations = allocations;
        this.allocationRows = allocationRows;
        this.decisions = decisions;
        this.journal = journal;
        this.clock = clock;
        this.settings = settings;
        this.bars = bars;
        this.pipeline = new Pipeline(swarm, settings);
        this.immediatePerDeparture = immediatePerDeparture;
        this.meters = meters;
    }

    /**
     * A parent is gone (left or silent): every allocation it served is repaired, the first
     * {@code peerage.repair.immediate-per-departure} at once with the departure's own changes, the rest by the next
     * sweep. The repairs are part of the caller's change set, and undone with it.
     */
    public List<Revised> parentGone(String parentId, RepairTrigger trigger, ChangeSet set) {
        List<Revised> revised = new ArrayList<>();
        int done = 0;
        for (Assignment assignment : swarm.assignmentsAsParent(parentId)) {
            if (done++ < immediatePerDeparture) {
                repair(assignment.id(), Set.of(parentId), trigger, null, true, set)
                        .ifPresent(revised::add);
            } else {
                pending.merge(
                        assignment.id(),
                        new Pending(trigger, Set.of(parentId), false),
                        (a, b) -> new Pending(a.trigger(), union(a.lost(), b.lost()), a.recorded()));
            }
        }
        return revised;
    }

    /** Repairs one allocation now, in a change set of its own, and waits until it is written. */
    public Optional<Revised> repairNow(String allocationId, Set<String> lost, RepairTrigger trigger) {
        return repairNow(allocationId, lost, trigger, null);
    }

    /** Repairs what a child's reports found wanting in one parent, now; see {@link Shortfall}. */
    public Optional<Revised> repairNow(String allocationId, Shortfall shortfall) {
        wanting.computeIfAbsent(allocationId, id -> new ConcurrentHashMap<>()).put(shortfall.parentId(), shortfall);
        return repairNow(allocationId, Set.of(), shortfall.trigger(), shortfall);
    }

    private Optional<Revised> repairNow(
            String allocationId, Set<String> lost, RepairTrigger trigger, Shortfall shortfall) {
        Optional<Revised> revised;
        ChangeSet written;
        try (ChangeSet set = journal.begin()) {
            revised = repair(allocationId, lost, trigger, null, true, set, shortfall, ForbiddenPairs.NONE);
            set.submit();
            written = set;
        }
        written.await();
        return revised;
    }

    /**
     * Repairs one allocation within the caller's change set, the cause (who reported what) opening its decision's
     * summary. Recorded even when nothing is found.
     */
    Optional<Revised> repairWithin(
            String allocationId, Set<String> lost, RepairTrigger trigger, String cause, ChangeSet set) {
        return repair(allocationId, lost, trigger, cause, true, set);
    }

    /**
     * Pairs the active policies now forbid (trigger {@code POLICY_CHANGE}): the forbidden parents are dropped and their
     * share looked for again; a forbidden pair ends even when nothing replaces it. The decision names each forbidden
     * parent with the reasons that forbid it. Written when it returns.
     */
    public Optional<Revised> forbidden(String allocationId, ForbiddenPairs forbidden) {
        Optional<Revised> revised;
        ChangeSet written;
        try (ChangeSet set = journal.begin()) {
            revised = repair(
                    allocationId,
                    forbidden.forbidden().keySet(),
                    RepairTrigger.POLICY_CHANGE,
                    null,
                    true,
                    set,
                    null,
                    forbidden);
            set.submit();
            written = set;
        }
        written.await();
        return revised;
    }

    /** After a restart: a repaired allocation still short of its rate waits for parents again. */
    public void awaitParents(Assignment restored) {
        if (restored.revision() > 0 && restored.coveredKbps() < restored.requiredKbps()) {
            // The trigger is on record: read when the retry finds parents (see retryPending).
            pending.putIfAbsent(restored.id(), new Pending(null, Set.of(), true));
        }
    }

    /** Allocations whose lost share is still to be found. */
    public int pendingCount() {
        return pending.size();
    }

    public boolean isPending(String allocationId) {
        return pending.containsKey(allocationId);
    }

    /**
     * The sweep's part: tries again at most {@code max} pending repairs. A retry that finds nothing changes nothing
     * and records nothing; one that finds parents is a new revision with its decision. Returns the repairs made.
     */
    public List<Revised> retryPending(int max) {
        Instant now = clock.instant();
        wanting.values()
                .forEach(parents ->
                        parents.values().removeIf(s -> !s.barredUntil().isAfter(now)));
        wanting.values().removeIf(Map::isEmpty);
        List<Revised> made = new ArrayList<>();
        int tried = 0;
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            if (tried++ >= max) {
                break;
            }
            Pending waiting = entry.getValue();
            if (waiting.trigger() == null) {
                RepairTrigger recorded = decisions
                        .revision(entry.getKey(), null)
                        .map(DecisionStore.Revision::trigger)
                        .orElse(RepairTrigger.PARENT_LEFT);
                waiting = new Pending(recorded, waiting.lost(), waiting.recorded());
                entry.setValue(waiting);
            }
            ChangeSet written;
            Optional<Revised> revised;
            try (ChangeSet set = journal.begin()) {
                revised = repair(entry.getKey(), waiting.lost(), waiting.trigger(), null, !waiting.recorded(), set);
                set.submit();
                written = set;
            } catch (JournalOverloadedException | JournalUnavailableException e) {
                break;
            }
            try {
                written.await();
                revised.ifPresent(made::add);
            } catch (JournalUnavailableException e) {
                // Undone with its set; the allocation waits for the next pass.
                pending.putIfAbsent(entry.getKey(), waiting);
                break;
            }
        }
        return made;
    }

    /**
     * The repair itself, under the allocation's lock: the lost parents' shares go, the missing rate is looked for
     * among the other holders. {@code firstAttempt} records the decision even when nothing is found; a retry changes
     * nothing unless it finds parents. A {@code cause}, when given, opens the decision's summary.
     */
    private Optional<Revised> repair(
            String allocationId,
            Set<String> lost,
            RepairTrigger trigger,
            String cause,
            boolean firstAttempt,
            ChangeSet set) {
        return repair(allocationId, lost, trigger, cause, firstAttempt, set, null, ForbiddenPairs.NONE);
    }

    /**
     * As above; a {@code shortfall} says which parent goes or keeps less of its share (null for lost parents);
     * {@code forbidden} are lost parents the policies forbid, put on record with their reasons.
     */
    private Optional<Revised> repair(
            String allocationId,
            Set<String> lost,
            RepairTrigger trigger,
            String cause,
            boolean firstAttempt,
            ChangeSet set,
            Shortfall shortfall,
            ForbiddenPairs forbidden) {
        Optional<Assignment> found = swarm.assignment(allocationId);
        if (found.isEmpty()) {
            pending.remove(allocationId);
            return Optional.empty();
        }
        try (var lock = allocations.lockFor(found.get().childId(), found.get().contentId())) {
            Assignment current = swarm.assignment(allocationId).orElse(null);
            LiveNode child =
                    current == null ? null : swarm.node(current.childId()).orElse(null);
            Content content =
                    current == null ? null : contents.find(current.contentId()).orElse(null);
            if (current == null || child == null || content == null) {
                // Ended meanwhile, or its child is gone: its own departure ends it.
                pending.remove(allocationId);
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (shortfall != null && !current.hasParent(shortfall.parentId())) {
                return Optional.empty();
            }
            Set<String> dropped =
                    shortfall != null && shortfall.replaces(current) ? Set.of(shortfall.parentId()) : lost;
            LostShare share =
                    LostShare.of(current, dropped, parent -> shortfall == null ? parent : shortfall.kept(parent));
            if (share.nothingLost(current)) {
                pending.remove(allocationId);
                return Optional.empty();
            }
            Map<String, String> barred = new HashMap<>(bars.barredFor(current.childId(), now));
            wanting.getOrDefault(allocationId, Map.of()).values().stream()
                    .filter(wanted -> wanted.barredUntil().isAfter(now))
                    .forEach(wanted -> barred.put(wanted.parentId(), wanted.why()));
            Plan plan = share.plan(pipeline, child, content, policies.current(), now, barred);
            if (!firstAttempt && plan.parents().isEmpty()) {
                // A quiet retry: nothing found, nothing changed, nothing recorded.
                return Optional.empty();
            }
            if (shortfall != null
                    && shortfall.trigger() == RepairTrigger.CONGESTION
                    && plan.parents().isEmpty()) {
                // A slow parent is better than none: nothing found, nothing changes.
                return Optional.empty();
            }
            List<ParentShare> parents = share.parents(plan.parents());
            Decision decision = withCause(
                    forbidden.onRecord(plan.decide(current.id(), current.childId(), current.contentId(), now), swarm),
                    cause);
            Assignment revised = current.revised(parents, decision.summary());
            if (!swarm.revise(current, revised)) {
                plan.parents().forEach(parent -> swarm.release(parent.nodeId(), parent.rateKbps()));
                return Optional.empty();
            }
            // Undone if the set cannot be written: the earlier revision comes back with the parents it had, and the
            // uplink reserved on the new ones is given back. The dropped parents' uplink is given back once written.
            set.touchAllocation(allocationId).touchNode(current.childId());
            parents.forEach(parent -> set.touchNode(parent.nodeId()));
            set.undo(() -> {
                swarm.revise(revised, current);
                plan.parents().forEach(parent -> swarm.release(parent.nodeId(), parent.rateKbps()));
            });
            for (ParentShare before : current.parents()) {
                // A dropped parent gives back its whole share, a congested one kept the part it does not deliver.
                long freed = before.rateKbps() - shareOf(revised, before.nodeId());
                if (freed > 0) {
                    set.afterWrite(() -> swarm.release(before.nodeId(), freed));
                }
            }
            set.write(decisions.recordRevision(AllocationIds.next(now), revised.revision(), trigger, decision));
            set.write(allocationRows.revised(revised));
            if (revised.coveredKbps() < revised.requiredKbps()) {
                pending.put(allocationId, new Pending(trigger, Set.of(), true));
            } else {
                pending.remove(allocationId);
            }
            meters.counter(
                            "peerage.repairs",
                            "trigger",
                            trigger.name(),
                            "outcome",
                            decision.outcome().name())
                    .increment();
            return Optional.of(new Revised(revised, decision, trigger, true));
        }
    }

    private static long shareOf(Assignment assignment, String nodeId) {
        return assignment.parents().stream()
                .filter(parent -> parent.nodeId().equals(nodeId))
                .mapToLong(ParentShare::rateKbps)
                .sum();
    }

    private static Decision withCause(Decision decision, String cause) {
        if (cause == null) {
            return decision;
        }
        return decision.withSummary(cause + ". " + decision.summary());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
