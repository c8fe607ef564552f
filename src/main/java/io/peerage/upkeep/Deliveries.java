package io.peerage.upkeep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.audit.RepairTrigger;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.peerage.node.HeartbeatReport;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.DeliveryWatch.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What children report receiving, watched per pair ({@link DeliveryWatch}), and the repairs it calls for (NO_DATA,
 * CONGESTION). A heartbeat only feeds the watches, in memory, and notes a detection: no database, no pipeline, no
 * journal, so it may run on an I/O thread. The sweep's next pass acts on the detections ({@link #act}), within one
 * interval. A node's reports cause at most {@code peerage.repair.max-per-interval} repairs per interval
 * ({@link ReactionBudget}); beyond that they are kept but not acted on, and the next interval acts if the verdict
 * stands. A report about an allocation the node does not receive, or a parent that is not one of its parents now, is
 * kept with the node's report and otherwise ignored. A parent found wanting is not chosen again for that allocation
 * for one lease ({@code interval x missed-intervals}): not by its own repair, a sibling pair's or a retry.
 *
 * <p>A pair starts when the allocation is made, for its first parents; a parent that a revision added starts when the
 * child first reports the allocation at that revision, as a child polling heartbeats learns of it no sooner.
 */
@ApplicationScoped
public class Deliveries {

    /**
     * A pair whose reports call for a repair, waiting for the sweep.
     *
     * @param chargedAt when it was charged to the child's {@link ReactionBudget}; null when that charge was given back
     *     (its repair could not be written) and it must be charged again before it is acted on
     */
    public record Detection(
            String allocationId,
            String childId,
            String parentId,
            Verdict verdict,
            long shareKbps,
            long deliveredKbps,
            int reports,
            Instant at,
            Instant chargedAt) {

        Detection uncharged() {
            return new Detection(allocationId, childId, parentId, verdict, shareKbps, deliveredKbps, reports, at, null);
        }

        /** What the reports showed, in a sentence: the reason the parent is not chosen again by the repair. */
        String why() {
            if (verdict == Verdict.NO_DATA) {
                return parentId + " sent no new bytes to " + childId + " for " + reports
                        + " reports in a row: its share is looked for elsewhere";
            }
            return parentId + " delivered " + deliveredKbps + " of its " + shareKbps + " kbps to " + childId + " for "
                    + reports + " reports in a row";
        }

        RepairTrigger trigger() {
            return verdict == Verdict.NO_DATA ? RepairTrigger.NO_DATA : RepairTrigger.CONGESTION;
        }
    }

    /** The watches of one allocation's pairs, and the revision they were last fed at. */
    private static final class Watched {
        private int revision = -1;
        private Instant revisionSeenAt;
        private final Map<String, DeliveryWatch> pairs = new HashMap<>();
    }

    private final Swarm swarm;
    private final Repairs repairs;
    private final ReactionBudget budget;
    private final DeliveryWatch.Settings settings;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Detection> detected = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration barredFor;
    private final Counter ignored;
    private final MeterRegistry meters;

    @Inject
    Deliveries(
            Swarm swarm,
            Repairs repairs,
            ReactionBudget budget,
            Clock clock,
            HeartbeatSettings heartbeats,
            @ConfigProperty(name = "peerage.repair.connect-grace", defaultValue = "10s") Duration connectGrace,
            @ConfigProperty(name = "peerage.repair.no-data-reports", defaultValue = "2") int noDataReports,
            @ConfigProperty(name = "peerage.repair.congestion-ratio", defaultValue = "0.8") double congestionRatio,
            @ConfigProperty(name = "peerage.repair.congestion-reports", defaultValue = "3") int congestionReports,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.repairs = repairs;
        this.budget = budget;
        this.clock = clock;
        this.barredFor = heartbeats.lease();
        this.settings = new DeliveryWatch.Settings(connectGrace, noDataReports, congestionRatio, congestionReports);
        this.meters = meters;
        this.ignored = Counter.builder("peerage.deliveries.ignored")
                .description("Reported receptions about an allocation or a parent that is not the node's now")
                .register(meters);
    }

    /** A child's report, at {@code now}: feeds the watch of each pair it names. Memory only. */
    public void observe(String childId, HeartbeatReport report, Instant now) {
        if (report == null || report.receiving() == null) {
            return;
        }
        for (HeartbeatReport.Reception reception : report.receiving()) {
            Assignment assignment = swarm.assignment(reception.allocationId()).orElse(null);
            ParentShare parent = assignment == null || !assignment.childId().equals(childId)
                    ? null
                    : shareOf(assignment, reception.parentId());
            if (parent == null) {
                ignored.increment();
                continue;
            }
            DeliveryWatch watch = watchOf(assignment, parent.nodeId(), now);
            Verdict verdict = watch.observe(
                    new DeliveryWatch.Reading(reception.bytes(), reception.rateKbps(), now), parent.rateKbps());
            if (verdict != Verdict.NONE) {
                detect(assignment, parent, watch, verdict, now);
            }
        }
    }

    /**
     * The sweep's part: repairs at most {@code max} detected pairs, each in its own change set, and restarts the runs
     * of the pairs they keep. Returns the repairs made.
     */
    public List<Repairs.Revised> act(int max) {
        List<Repairs.Revised> made = new ArrayList<>();
        int tried = 0;
        for (Iterator<Map.Entry<String, Detection>> it = detected.entrySet().iterator();
                it.hasNext() && tried < max;
                tried++) {
            Map.Entry<String, Detection> entry = it.next();
            Detection detection = entry.getValue();
            Instant chargedAt = detection.chargedAt();
            if (chargedAt == null) {
                // Its earlier attempt changed nothing and was given back: charged again, or it waits.
                Instant now = clock.instant();
                if (!budget.tryAct(detection.childId(), now)) {
                    continue;
                }
                chargedAt = now;
            }
            Optional<Repairs.Revised> revised;
            try {
                revised = repairs.repairNow(
                        detection.allocationId(),
                        new Repairs.Shortfall(
                                detection.parentId(),
                                detection.trigger(),
                                detection.deliveredKbps(),
                                detection.why(),
                                clock.instant().plus(barredFor)));
            } catch (JournalOverloadedException | JournalUnavailableException e) {
                // Undone with its set, so nothing changed and nothing is charged: the detection waits for the next
                // pass, to be charged when it is tried again.
                budget.giveBack(detection.childId(), chargedAt);
                entry.setValue(detection.uncharged());
                break;
            }
            it.remove();
            restartCounts(detection);
            if (revised.isPresent()) {
                made.add(revised.get());
            } else {
                // Nothing to do (a slow parent with no other parent to add, a parent replaced meanwhile): the
                // reaction changed nothing and does not count toward the child's bound.
                budget.giveBack(detection.childId(), chargedAt);
            }
            meters.counter(
                            "peerage.deliveries.acted",
                            "verdict",
                            detection.verdict().name())
                    .increment();
        }
        return made;
    }

    /** Detected pairs waiting for the sweep. */
    public List<Detection> detected() {
        return List.copyOf(detected.values());
    }

    /** Forgets the watches of allocations that ended and the budgets of nodes no longer online. */
    public void forgetEnded() {
        watched.keySet().removeIf(id -> swarm.assignment(id).isEmpty());
        detected.values().removeIf(d -> swarm.assignment(d.allocationId()).isEmpty());
        budget.retainOnly(id -> swarm.node(id).isPresent());
    }

    /** The settings the watches use. */
    public DeliveryWatch.Settings settings() {
        return settings;
    }

    private DeliveryWatch watchOf(Assignment assignment, String parentId, Instant now) {
        Watched pairs = watched.computeIfAbsent(assignment.id(), id -> new Watched());
        synchronized (pairs) {
            if (pairs.revision != assignment.revision()) {
                pairs.revision = assignment.revision();
                pairs.revisionSeenAt = now;
                // Parents the allocation no longer has are not watched any more; a later return starts afresh.
                pairs.pairs.keySet().removeIf(id -> !assignment.hasParent(id));
            }
            Instant start = assignment.revision() == 0 ? assignment.createdAt() : pairs.revisionSeenAt;
            return pairs.pairs.computeIfAbsent(parentId, id -> new DeliveryWatch(start, settings));
        }
    }

    private void detect(Assignment assignment, ParentShare parent, DeliveryWatch watch, Verdict verdict, Instant now) {
        String key = assignment.id() + "\n" + parent.nodeId();
        if (detected.containsKey(key) || !budget.tryAct(assignment.childId(), now)) {
            // Waiting already, or the child is past its bound: the report is kept, not acted on.
            return;
        }
        int reports = verdict == Verdict.NO_DATA ? watch.reportsWithoutData() : watch.slowReports();
        detected.putIfAbsent(
                key,
                new Detection(
                        assignment.id(),
                        assignment.childId(),
                        parent.nodeId(),
                        verdict,
                        parent.rateKbps(),
                        watch.deliveredKbps(),
                        reports,
                        now,
                        now));
    }

    private void restartCounts(Detection detection) {
        Watched pairs = watched.get(detection.allocationId());
        if (pairs == null) {
            return;
        }
        synchronized (pairs) {
            DeliveryWatch watch = pairs.pairs.get(detection.parentId());
            if (watch != null) {
                watch.restartCounts();
            }
        }
    }

    private static ParentShare shareOf(Assignment assignment, String parentId) {
        for (ParentShare parent : assignment.parents()) {
            if (parent.nodeId().equals(parentId)) {
                return parent;
            }
        }
        return null;
    }
}
