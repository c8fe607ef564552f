package io.peerage.upkeep;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The periodic pass of upkeep, every heartbeat interval: it notes whether the database answers (time it does not, does
 * not count toward leases), makes SILENT the nodes whose lease ran out, tries again the repairs still short of their
 * rate and repairs the pairs children reported as sending nothing or too little ({@link Deliveries}; at most
 * {@code peerage.upkeep.max-retries-per-sweep} of each), runs one batch of the re-checks an activation queued and
 * checks again the live pairs that rules reading the clock may now forbid ({@link PolicyRepairs}); it forgets the pair
 * bars that ran out and the connection times of pairs that ended. Its work is bounded: at most
 * {@code peerage.upkeep.max-silenced-per-sweep} nodes go silent in one pass, the rest in the next ones; each pass is
 * timed ({@code peerage.upkeep.sweep.duration}). Tests call {@link #sweep()} directly, with the test clock.
 */
@ApplicationScoped
public class Sweep {

    private static final Logger LOG = Logger.getLogger(Sweep.class);

    private final Swarm swarm;
    private final Leases leases;
    private final Silence silence;
    private final Repairs repairs;
    private final Deliveries deliveries;
    private final PairBars bars;
    private final Connections connections;
    private final PolicyRepairs policyRepairs;
    private final DatabaseStatus database;
    private final Clock clock;
    private final int maxSilenced;
    private final int maxRetries;
    private final Timer duration;

    Sweep(
            Swarm swarm,
            Leases leases,
            Silence silence,
            Repairs repairs,
            Deliveries deliveries,
            PairBars bars,
            Connections connections,
            PolicyRepairs policyRepairs,
            DatabaseStatus database,
            Clock clock,
            @ConfigProperty(name = "peerage.upkeep.max-silenced-per-sweep", defaultValue = "1000") int maxSilenced,
            @ConfigProperty(name = "peerage.upkeep.max-retries-per-sweep", defaultValue = "500") int maxRetries,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.leases = leases;
        this.silence = silence;
        this.repairs = repairs;
        this.deliveries = deliveries;
        this.bars = bars;
        this.connections = connections;
        this.policyRepairs = policyRepairs;
        this.database = database;
        this.clock = clock;
        this.maxSilenced = maxSilenced;
        this.maxRetries = maxRetries;
        this.duration = Timer.builder("peerage.upkeep.sweep.duration")
                .description("Time of one pass of the upkeep sweep over the swarm")
                .register(meters);
    }

    /**
     * What one pass did.
     *
     * @param examined online nodes whose lease was checked
     * @param silenced nodes that became SILENT
     * @param deferred nodes whose lease ran out but are left for the next pass (the bound, or a full write queue)
     * @param databaseDown true when the database did not answer: nothing was silenced or repaired
     * @param repaired allocations that a retried repair or a reported shortfall (NO_DATA, CONGESTION) revised
     * @param policyBatch the batch of re-checks after an activation that this pass ran, or null when none was queued
     * @param clockPass the pairs of clock-reading rules looked at, re-checked and repaired, or null when the database
     *     was down
     */
    public record Report(
            int examined,
            List<String> silenced,
            int deferred,
            boolean databaseDown,
            List<String> repaired,
            Duration took,
            PolicyRepairs.Batch policyBatch,
            PolicyRepairs.ClockPass clockPass) {}

    @Scheduled(
            identity = "upkeep-sweep",
            every = "${peerage.upkeep.sweep-every:${peerage.heartbeat.interval:10s}}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Report report = sweep();
        if (!report.silenced().isEmpty() || report.deferred() > 0) {
            LOG.infof(
                    "Sweep: %d nodes silent, %d left for the next pass, %d examined in %d ms",
                    report.silenced().size(),
                    report.deferred(),
                    report.examined(),
                    report.took().toMillis());
        }
    }

    /** One pass; see the class comment. */
    public Report sweep() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        boolean up = database.isUp();
        leases.observeDatabase(now, up);
        int examined = 0;
        int deferred = 0;
        List<String> silenced = new ArrayList<>();
        List<ChangeSet> commits = new ArrayList<>();
        if (up) {
            boolean writable = true;
            for (LiveNode node : swarm.nodes()) {
                examined++;
                if (!leases.expired(node, now)) {
                    continue;
                }
                if (!writable || silenced.size() >= maxSilenced) {
                    deferred++;
                    continue;
                }
                try {
                    silence.silence(node).ifPresent(done -> {
                        silenced.add(done.nodeId());
                        commits.add(done.written());
                    });
                } catch (JournalOverloadedException | JournalUnavailableException e) {
                    // The journal is full or the database away: the lease stays expired and the next pass tries again.
                    writable = false;
                    deferred++;
                }
            }
        }
        awaitCommits(commits);
        List<String> repaired = new ArrayList<>();
        if (up) {
            repairs.retryPending(maxRetries)
                    .forEach(revised -> repaired.add(revised.assignment().id()));
            // What children reported since the last pass: NO_DATA and CONGESTION, at most as many as retries.
            deliveries.forgetEnded();
            deliveries
                    .act(maxRetries)
                    .forEach(revised -> repaired.add(revised.assignment().id()));
            bars.prune(now);
        }
        connections.prune();
        // Policies: one batch of what an activation queued, then the pairs whose rules read the clock.
        PolicyRepairs.Batch policyBatch = up && policyRepairs.queuedCount() > 0 ? policyRepairs.repairBatch() : null;
        PolicyRepairs.ClockPass clockPass = up ? policyRepairs.clockPass() : null;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        duration.record(took);
        return new Report(
                examined, List.copyOf(silenced), deferred, !up, List.copyOf(repaired), took, policyBatch, clockPass);
    }

    /** A pass ends once what it changed is durable, so that the next one starts from the record. */
    private static void awaitCommits(List<ChangeSet> commits) {
        for (ChangeSet set : commits) {
            try {
                set.await();
            } catch (JournalUnavailableException e) {
                // Undone with its set: the node is online again and the next pass looks at its lease again.
                LOG.warnf("Sweep: a silence was not written and is undone: %s", e.getMessage());
            }
        }
    }
}
