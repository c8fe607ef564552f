package io.peerage.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peerage.node.Classification;
import io.peerage.support.Profiles;
import io.peerage.support.TestClock;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one pass of the upkeep sweep costs over a large swarm (docs/benchmarks.md, "The upkeep sweep"): 100,000 online
 * nodes ({@code -Dsweep.nodes=...}), first with 1 % of them past their lease, then with none, then with 10 % (more than
 * the bound of a pass). Each silenced node is journaled to the embedded database as in the service; the nodes have no
 * allocations, so no repair runs. Prints a table; asserts only what each pass did, never how long it took.
 *
 * <p>Not part of the test suite (its name does not end in Test). Run it alone:
 *
 * <pre>
 * ./mvnw -B test -Dtest=SweepBench -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
 * </pre>
 */
@QuarkusTest
class SweepBench {

    /** The service's default bound of silenced nodes per pass ({@code peerage.upkeep.max-silenced-per-sweep}). */
    private static final int MAX_SILENCED = 1000;

    private static final int SCAN_PASSES = 7;

    @Inject
    Swarm swarm;

    @Inject
    TestClock clock;

    @Inject
    Leases leases;

    @Inject
    Silence silence;

    @Inject
    Repairs repairs;

    @Inject
    Deliveries deliveries;

    @Inject
    PairBars bars;

    @Inject
    Connections connections;

    @Inject
    PolicyRepairs policyRepairs;

    @Inject
    DatabaseStatus database;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void one_pass_over_a_large_swarm() throws SQLException {
        int count = Integer.getInteger("sweep.nodes", 100_000);
        Sweep sweep = new Sweep(
                swarm,
                leases,
                silence,
                repairs,
                deliveries,
                bars,
                connections,
                policyRepairs,
                database,
                clock,
                MAX_SILENCED,
                500,
                new SimpleMeterRegistry());
        Duration lease = leases.lease();
        Instant joined = clock.instant().plusSeconds(1);
        clock.set(joined);
        // Nodes of other tests in the same run also go past their lease here.
        int others = swarm.size();
        List<LiveNode> nodes = join(count, joined);
        List<String> rows = new ArrayList<>();

        // 1 % silent for a whole lease, the others beat just before the pass.
        clock.set(joined.plus(lease).plusSeconds(1));
        int expired = beatAllBut(nodes, 100);
        rows.add(row("1 % past their lease", sweep.sweep(), expired, others));

        // Nothing expired: the scan alone, a few passes (the first ones still warm up).
        long[] scans = new long[SCAN_PASSES];
        Sweep.Report scan = null;
        for (int i = 0; i < SCAN_PASSES; i++) {
            scan = sweep.sweep();
            assertThat(scan.silenced()).isEmpty();
            scans[i] = scan.took().toNanos();
        }
        Arrays.sort(scans);
        rows.add(String.format(
                "| none past their lease (%d passes: median, fastest) | %,d | 0 | 0 | %.1f, %.1f |",
                SCAN_PASSES, scan.examined(), scans[SCAN_PASSES / 2] / 1e6, scans[0] / 1e6));

        // 10 % silent: the pass silences its bound and leaves the rest to the next ones.
        clock.set(clock.instant().plus(lease).plusSeconds(1));
        expired = beatAllBut(swarm.nodes().stream().toList(), 10);
        Sweep.Report bounded = sweep.sweep();
        assertThat(bounded.silenced()).hasSize(MAX_SILENCED);
        rows.add(row("10 % past their lease", bounded, expired, 0));

        System.out.printf(
                "%nSweep over %,d online nodes (bound: %,d silenced per pass)%n%n"
                        + "| pass | examined | silenced | left for the next pass | ms |%n| --- | ---: | ---: | ---: | ---: |%n",
                count, MAX_SILENCED);
        rows.forEach(System.out::println);
    }

    private static String row(String name, Sweep.Report report, int expired, int others) {
        assertThat(report.silenced().size() + report.deferred()).isBetween(expired, expired + others);
        return String.format(
                "| %s | %,d | %,d | %,d | %.1f |",
                name,
                report.examined(),
                report.silenced().size(),
                report.deferred(),
                report.took().toNanos() / 1e6);
    }

    /** Every node but one in {@code every} sends a heartbeat now; answers how many did not. */
    private int beatAllBut(List<LiveNode> nodes, int every) {
        Instant now = clock.instant();
        int silent = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (i % every == 0) {
                silent++;
            } else {
                nodes.get(i).heartbeat(now, null);
            }
        }
        return silent;
    }

    /** Nodes online in memory, with their rows (the silence writes to them), as if they had joined at {@code at}. */
    private List<LiveNode> join(int count, Instant at) throws SQLException {
        List<LiveNode> nodes = new ArrayList<>(count);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO node (id, kind, profile, peer_type, classification, joined_at, updated_at)"
                                + " VALUES (?, 'CLIENT', '{}', 'REGULAR', '{}', ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String id = "sweep-" + i;
                nodes.add(swarm.join(Profiles.client(id, 1000), Classification.regular(), at));
                insert.setString(1, id);
                insert.setTimestamp(2, Timestamp.from(at));
                insert.setTimestamp(3, Timestamp.from(at));
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        return nodes;
    }
}
