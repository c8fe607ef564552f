package io.peerage.upkeep;

import io.peerage.swarm.LiveNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Every online node holds a lease that each heartbeat renews; a node's first lease starts when it joins. After a
 * restart every node that was online gets one full lease of grace from the start, and time the database was down does
 * not count toward any lease.
 */
@ApplicationScoped
public class Leases {

    private final Clock clock;
    private final Duration lease;
    private final DowntimeLedger downtime;
    private volatile Instant graceFrom = Instant.MIN;

    Leases(Clock clock, HeartbeatSettings settings) {
        if (settings.missedIntervals() < 1) {
            throw new IllegalArgumentException("peerage.heartbeat.missed-intervals must be at least 1, not "
                    + settings.missedIntervals() + ". Maybe 3?");
        }
        this.clock = clock;
        this.lease = settings.lease();
        this.downtime = new DowntimeLedger(lease.multipliedBy(4));
    }

    /** Before the swarm is restored: the nodes that were online count their lease from now. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        startGrace(clock.instant());
    }

    /** Every node online before {@code at} counts its lease from {@code at}, as after a restart. */
    public void startGrace(Instant at) {
        graceFrom = at;
    }

    public Duration lease() {
        return lease;
    }

    /** What the sweep saw of the database at {@code now}. */
    public void observeDatabase(Instant now, boolean up) {
        downtime.observe(now, up);
    }

    public boolean databaseDown() {
        return downtime.databaseDown();
    }

    /** The last renewal: the last heartbeat, else the join, and never before the grace of a restart. */
    public Instant renewedAt(LiveNode node) {
        Instant heartbeat = node.lastHeartbeatAt();
        Instant renewed = heartbeat != null && heartbeat.isAfter(node.joinedAt()) ? heartbeat : node.joinedAt();
        return renewed.isBefore(graceFrom) ? graceFrom : renewed;
    }

    /** True when the node's lease ran out at {@code now}: more than a lease of counted time since its renewal. */
    public boolean expired(LiveNode node, Instant now) {
        Instant renewed = renewedAt(node);
        // Most nodes are well inside their lease: only the others need the ledger (and its lock).
        if (!expired(renewed, now, lease, Duration.ZERO)) {
            return false;
        }
        return expired(renewed, now, lease, downtime.downtimeBetween(renewed, now));
    }

    /** The rule itself: counted time (elapsed less the database's downtime) beyond the lease. */
    public static boolean expired(Instant renewedAt, Instant now, Duration lease, Duration uncounted) {
        Duration counted = Duration.between(renewedAt, now).minus(uncounted);
        return counted.compareTo(lease) > 0;
    }
}
