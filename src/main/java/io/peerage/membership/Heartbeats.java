package io.peerage.membership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.allocation.AllocationStore;
import io.peerage.node.HeartbeatReport;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.Deliveries;
import io.peerage.upkeep.Epochs;
import io.peerage.upkeep.HeartbeatSettings;
import io.peerage.upkeep.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nodes saying they are alive, and what they measure. Liveness is kept in memory on the live node only: a heartbeat
 * of an online node reads and writes no database and nothing goes to the journal, so it never waits for anything and
 * may run on an I/O thread.
 */
@ApplicationScoped
public class Heartbeats {

    private final Swarm swarm;
    private final Silence silence;
    private final Epochs epochs;
    private final Deliveries deliveries;
    private final AllocationStore allocations;
    private final Clock clock;
    private final Duration interval;
    private final Counter received;
    private final Counter replayed;

    Heartbeats(
            Swarm swarm,
            Silence silence,
            Epochs epochs,
            Deliveries deliveries,
            AllocationStore allocations,
            Clock clock,
            HeartbeatSettings settings,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.silence = silence;
        this.epochs = epochs;
        this.deliveries = deliveries;
        this.allocations = allocations;
        this.clock = clock;
        this.interval = settings.interval();
        this.received = Counter.builder("peerage.heartbeats")
                .description("Heartbeats recorded from online nodes")
                .register(meters);
        this.replayed = Counter.builder("peerage.heartbeats.replayed")
                .description("Heartbeats ignored because their sequence was not above the last one accepted")
                .register(meters);
    }

    /** An allocation the node was told of before and no longer takes part in, and why. */
    public record Ended(String allocationId, String reason) {}

    /**
     * What a node learns from its heartbeat: the time, when to send the next one, its live allocations and its epoch;
     * {@code full} when its {@code seenEpoch} differed, and then which allocations ended since it was last told.
     *
     * @param replayed the heartbeat's sequence was not above the last one accepted: nothing was recorded
     */
    public record Beat(
            Instant at,
            Duration interval,
            List<Assignment> asChild,
            List<Assignment> asParent,
            String epoch,
            boolean full,
            List<Ended> ended,
            boolean replayed) {}

    /** Records a heartbeat of an online node, with its report when it sent one. */
    public Beat beat(LiveNode node, HeartbeatReport report) {
        Instant now = clock.instant();
        boolean replay = report != null && report.sequence() != null && !node.acceptSequence(report.sequence());
        if (replay) {
            replayed.increment();
        } else {
            node.heartbeat(now, report);
            // Memory only: a detection waits for the sweep, which repairs it.
            deliveries.observe(node.id(), report, now);
            received.increment();
        }
        List<Assignment> asChild = swarm.assignmentsAsChild(node.id());
        List<Assignment> asParent = swarm.assignmentsAsParent(node.id());
        String epoch = epochs.of(asChild, asParent);
        boolean full = report != null
                && report.seenEpoch() != null
                && !report.seenEpoch().equals(epoch);
        List<Ended> ended = List.of();
        if (full && !replay) {
            Set<String> live = new HashSet<>();
            asChild.forEach(a -> live.add(a.id()));
            asParent.forEach(a -> live.add(a.id()));
            ended = node.retell(live).stream().map(this::ended).toList();
        }
        return new Beat(now, interval, asChild, asParent, epoch, full, ended, replay);
    }

    /**
     * The heartbeat of a node that is not online: a SILENT node comes back online with it (its old allocations are
     * gone); a node that left or never joined is refused.
     */
    public Beat beatNotOnline(String nodeId, HeartbeatReport report) {
        return beat(silence.revive(nodeId), report);
    }

    private Ended ended(String allocationId) {
        String reason = swarm.assignment(allocationId)
                .map(live -> "no longer a parent of this allocation since its revision " + live.revision())
                .or(() -> allocations.recentEndReason(allocationId))
                .orElse("ended");
        return new Ended(allocationId, reason);
    }
}
