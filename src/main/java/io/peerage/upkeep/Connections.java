package io.peerage.upkeep;

import io.peerage.allocation.AllocationService;
import io.peerage.audit.RepairTrigger;
import io.peerage.error.ConflictException;
import io.peerage.error.FieldError;
import io.peerage.error.NotFoundException;
import io.peerage.error.TooManyReportsException;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Connection outcomes that a child or a parent reports for their pair. {@code FAILED}: the pair is barred
 * ({@link PairBars}) and the allocation is repaired at once for that parent's share only (trigger
 * {@code CONNECTION_FAILED}), both in one change set; the report names who said what in the repair's summary.
 * {@code CONNECTED}: the time is kept in memory with the pair until the pair ends; it changes nothing else. A failure
 * acted on counts toward the reporter's {@link ReactionBudget}; one beyond it is refused and changes nothing. A failure
 * whose change set cannot be written is undone and given back to the budget: only changes made count.
 */
@ApplicationScoped
public class Connections {

    /**
     * The answer to a report.
     *
     * @param allocation the allocation as it is now (repaired, for a failure)
     * @param repaired true when this report repaired the allocation; false for a failure reported again
     * @param bar the pair's bar, for a failure
     * @param connectedAt when the pair was first reported connected, for a connection
     */
    public record Reported(
            Assignment allocation,
            String parentId,
            ConnectionOutcome outcome,
            boolean repaired,
            Optional<PairBars.Bar> bar,
            Optional<Instant> connectedAt) {}

    private final Swarm swarm;
    private final AllocationService allocations;
    private final Repairs repairs;
    private final PairBars bars;
    private final ReactionBudget budget;
    private final Duration interval;
    private final Journal journal;
    private final Clock clock;
    /** By allocation, then by parent: when the pair was reported connected. */
    private final Map<String, Map<String, Instant>> connected = new ConcurrentHashMap<>();

    Connections(
            Swarm swarm,
            AllocationService allocations,
            Repairs repairs,
            PairBars bars,
            ReactionBudget budget,
            HeartbeatSettings heartbeats,
            Journal journal,
            Clock clock) {
        this.budget = budget;
        this.interval = heartbeats.interval();
        this.swarm = swarm;
        this.allocations = allocations;
        this.repairs = repairs;
        this.bars = bars;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Whether a node may report on this pair: a current parent, or a parent replaced after a failure of this very
     * pair (its report again is answered, and changes nothing).
     */
    public boolean isPairOf(Assignment allocation, String parentId) {
        return allocation.hasParent(parentId) || barredHere(allocation, parentId, clock.instant());
    }

    /**
     * Records what {@code reporter} (the child or the parent) says of the pair's connection.
     *
     * @throws NotFoundException when the allocation is not live
     * @throws ConflictException ({@code not-a-parent}, naming {@code parentId}) when the node is not a parent of the
     *     allocation now
     */
    public Reported report(
            String allocationId, String parentId, ConnectionOutcome outcome, String detail, String reporter) {
        Assignment live =
                swarm.assignment(allocationId).orElseThrow(() -> new NotFoundException("allocation", allocationId));
        if (outcome == ConnectionOutcome.CONNECTED) {
            return connected(live, parentId);
        }
        ChangeSet written;
        Reported reported;
        Instant chargedAt = null;
        try (ChangeSet set = journal.begin();
                var lock = allocations.lockFor(live.childId(), live.contentId())) {
            // Under the lock: a repair or another report may have changed the parents since the caller looked.
            Assignment current =
                    swarm.assignment(allocationId).orElseThrow(() -> new NotFoundException("allocation", allocationId));
            Instant now = clock.instant();
            if (!current.hasParent(parentId)) {
                Optional<PairBars.Bar> bar = bars.bar(current.childId(), parentId, now)
                        .filter(barred -> barred.allocationId().equals(allocationId));
                if (bar.isPresent()) {
                    // Reported again (a retry, or the other end of the pair): the repair is made already.
                    return new Reported(current, parentId, outcome, false, bar, Optional.empty());
                }
                throw notAParent(current, parentId);
            }
            // One client cannot churn the swarm: a failure beyond the reporter's bound is refused, nothing changed.
            if (!budget.tryAct(reporter, now)) {
                throw new TooManyReportsException(
                        reporter + " has caused " + budget.maxPerInterval() + " reactions within one heartbeat interval"
                                + " (peerage.repair.max-per-interval): this failure is not acted on; report it again"
                                + " within " + interval.toSeconds() + " s",
                        interval);
            }
            chargedAt = now;
            set.touchAllocation(allocationId).touchNode(current.childId()).touchNode(parentId);
            PairBars.Bar bar = bars.bar(current.childId(), parentId, allocationId, detail, now, set);
            String cause =
                    "Connection between " + current.childId() + " and parent " + parentId + " failed, reported by "
                            + (reporter.equals(current.childId()) ? "the child " : "the parent ") + reporter
                            + (detail == null || detail.isBlank() ? "" : ": \"" + detail + "\"")
                            + "; the pair is barred until " + bar.until();
            Assignment repaired = repairs.repairWithin(
                            allocationId, Set.of(parentId), RepairTrigger.CONNECTION_FAILED, cause, set)
                    .map(Repairs.Revised::assignment)
                    .orElse(current);
            reported = new Reported(repaired, parentId, outcome, true, Optional.of(bar), Optional.empty());
            set.submit();
            written = set;
        } catch (RuntimeException e) {
            giveBack(reporter, chargedAt);
            throw e;
        }
        try {
            written.await();
        } catch (RuntimeException e) {
            // Undone with its set: no bar, no repair, no decision. A failure that changed nothing is not charged.
            giveBack(reporter, chargedAt);
            throw e;
        }
        forget(allocationId, parentId);
        return reported;
    }

    private void giveBack(String reporter, Instant chargedAt) {
        if (chargedAt != null) {
            budget.giveBack(reporter, chargedAt);
        }
    }

    /** Memory only: the first report of a connection is kept, later ones change nothing. */
    private Reported connected(Assignment live, String parentId) {
        if (!live.hasParent(parentId)) {
            throw notAParent(live, parentId);
        }
        Instant now = clock.instant();
        Instant first = connected
                .computeIfAbsent(live.id(), id -> new ConcurrentHashMap<>())
                .putIfAbsent(parentId, now);
        return new Reported(
                live,
                parentId,
                ConnectionOutcome.CONNECTED,
                false,
                Optional.empty(),
                Optional.of(first == null ? now : first));
    }

    /** When the pair was first reported connected, while it lasts. */
    public Optional<Instant> connectedAt(String allocationId, String parentId) {
        return Optional.ofNullable(
                connected.getOrDefault(allocationId, Map.of()).get(parentId));
    }

    /** The sweep's part: forgets the connection times of pairs that ended. Returns how many were forgotten. */
    public int prune() {
        int pruned = 0;
        for (Map.Entry<String, Map<String, Instant>> entry : connected.entrySet()) {
            Optional<Assignment> live = swarm.assignment(entry.getKey());
            if (live.isEmpty()) {
                pruned += entry.getValue().size();
                connected.remove(entry.getKey());
                continue;
            }
            for (String parentId : Set.copyOf(entry.getValue().keySet())) {
                if (!live.get().hasParent(parentId)) {
                    entry.getValue().remove(parentId);
                    pruned++;
                }
            }
        }
        return pruned;
    }

    private void forget(String allocationId, String parentId) {
        connected.computeIfPresent(allocationId, (id, pairs) -> {
            pairs.remove(parentId);
            return pairs.isEmpty() ? null : pairs;
        });
    }

    private boolean barredHere(Assignment allocation, String parentId, Instant now) {
        return bars.bar(allocation.childId(), parentId, now)
                .filter(bar -> bar.allocationId().equals(allocation.id()))
                .isPresent();
    }

    private static ConflictException notAParent(Assignment allocation, String parentId) {
        String parents = allocation.parents().stream().map(ParentShare::nodeId).collect(Collectors.joining(", "));
        String message = "is not a parent of allocation " + allocation.id() + " (revision " + allocation.revision()
                + "), whose parents are " + (parents.isEmpty() ? "none" : parents)
                + ": a connection is reported only for a current parent";
        return new ConflictException(
                "not-a-parent", "parentId " + parentId + " " + message, new FieldError("parentId", message));
    }
}
