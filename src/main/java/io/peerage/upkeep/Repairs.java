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
                repair(assignment.id(), Set.of(parentId), trigger, true, set).ifPresent(revised::add);
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
        Optional<Revised> revised;
        ChangeSet written;
        try (ChangeSet set = journal.begin()) {
            revised = repair(allocationId, lost, trigger, true, set);
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
                revised = repair(entry.getKey(), waiting.lost(), waiting.trigger(), !waiting.recorded(), set);
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
     * nothing unless it finds parents.
     */
    private Optional<Revised> repair(
            String allocationId, Set<String> lost, RepairTrigger trigger, boolean firstAttempt, ChangeSet set) {
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
            LostShare share = LostShare.of(current, lost, settings.defaultMaxParents());
            if (share.nothingLost(current)) {
                pending.remove(allocationId);
                return Optional.empty();
            }
            Plan plan = share.plan(
                    pipeline, child, content, policies.current(), now, bars.barredFor(current.childId(), now));
            if (!firstAttempt && plan.parents().isEmpty()) {
                // A quiet retry: nothing found, nothing changed, nothing recorded.
                return Optional.empty();
            }
            List<ParentShare> parents = share.parents(plan.parents());
            Decision decision = plan.decide(current.id(), current.childId(), current.contentId(), now);
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
            current.parents().stream()
                    .filter(parent -> !revised.hasParent(parent.nodeId()))
                    .forEach(dropped -> set.afterWrite(() -> swarm.release(dropped.nodeId(), dropped.rateKbps())));
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
