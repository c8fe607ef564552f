package io.peerage.membership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.node.HeartbeatReport;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.HeartbeatSettings;
import io.peerage.upkeep.Silence;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Nodes saying they are alive, and what they measure. Liveness is kept in memory on the live node only: a heartbeat
 * reads and writes no database and nothing goes to the journal, so it never waits for anything and may run on an I/O
 * thread.
 */
@ApplicationScoped
public class Heartbeats {

    private final Swarm swarm;
    private final Silence silence;
    private final Clock clock;
    private final Duration interval;
    private final Counter received;

    Heartbeats(Swarm swarm, Silence silence, Clock clock, HeartbeatSettings settings, MeterRegistry meters) {
        this.swarm = swarm;
        this.silence = silence;
        this.clock = clock;
        this.interval = settings.interval();
        this.received = Counter.builder("peerage.heartbeats")
                .description("Heartbeats recorded from online nodes")
                .register(meters);
    }

    /** What a node learns from its heartbeat: the time, when to send the next one, and its live allocations. */
    public record Beat(Instant at, Duration interval, List<Assignment> asChild, List<Assignment> asParent) {}

    /** Records a heartbeat of an online node, with its report when it sent one. */
    public Beat beat(LiveNode node, HeartbeatReport report) {
        Instant now = clock.instant();
        node.heartbeat(now, report);
        received.increment();
        return new Beat(now, interval, swarm.assignmentsAsChild(node.id()), swarm.assignmentsAsParent(node.id()));
    }

    /**
     * The heartbeat of a node that is not online: a SILENT node comes back online with it (its old allocations are
     * gone); a node that left or never joined is refused.
     */
    public Beat beatNotOnline(String nodeId, HeartbeatReport report) {
        return beat(silence.revive(nodeId), report);
    }
}
