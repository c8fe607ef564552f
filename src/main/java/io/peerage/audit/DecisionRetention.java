package io.peerage.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The lifecycle of audit data: decisions are kept for {@code peerage.audit.retention} and within {@code
 * peerage.audit.max-bytes}, oldest dropped first, in DELETEs of at most {@code peerage.audit.batch-size} rows, each its
 * own short transaction, and at most {@code peerage.audit.max-batches} of them per run, so that a run's work is bounded
 * however far behind it is (the next run goes on). The decision of a live allocation is never dropped: it is what that
 * allocation's explanation is read from.
 */
@ApplicationScoped
public class DecisionRetention {

    private static final Logger LOG = Logger.getLogger(DecisionRetention.class);

    /**
     * Bytes a row costs beyond its own columns' text: the fixed-size columns, InnoDB's row header, and its entries in
     * the primary key and the three secondary indexes (each repeats the id and the indexed columns).
     */
    static final int ROW_OVERHEAD_BYTES = 200;

    /** Rows whose size is averaged to estimate the table's: the newest ones, read by the index on decided_at. */
    static final int SAMPLE_ROWS = 1000;

    private static final String NOT_LIVE =
            " and not exists (select 1 from allocation a where a.id = decision.id and a.status = 'ACTIVE')";

    private static final String DELETE_OLDER_THAN =
            "delete from decision where decided_at < ?" + NOT_LIVE + " order by decided_at, id limit ?";

    private static final String DELETE_OLDEST =
            "delete from decision where 1 = 1" + NOT_LIVE + " order by decided_at, id limit ?";

    private static final String ROW_COUNT = "select table_rows from information_schema.tables"
            + " where table_schema = database() and table_name = 'decision'";

    private static final String AVERAGE_ROW =
            "select avg(length(id) * 5 + length(child_id) * 2 + length(content_id) * 2"
                    + " + length(outcome) + length(summary) + length(candidate_ids) + length(rules) + length(explanation))"
                    + " from (select * from decision order by decided_at desc limit " + SAMPLE_ROWS + ") newest";

    /** What a run may do. */
    public record Limits(Duration retention, long maxBytes, int batchSize, int maxBatches) {}

    /**
     * What a run did: rows dropped for their age and for the size, in how many DELETEs, the estimated size before, and
     * whether it stopped at its batch limit with more to drop.
     */
    public record Run(
            long droppedByAge, long droppedBySize, int batches, long estimatedBytes, boolean more, long millis) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final Limits limits;

    DecisionRetention(
            DataSource dataSource,
            Clock clock,
            @ConfigProperty(name = "peerage.audit.retention", defaultValue = "30d") Duration retention,
            @ConfigProperty(name = "peerage.audit.max-bytes", defaultValue = "500000000000") long maxBytes,
            @ConfigProperty(name = "peerage.audit.batch-size", defaultValue = "5000") int batchSize,
            @ConfigProperty(name = "peerage.audit.max-batches", defaultValue = "200") int maxBatches) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.limits = new Limits(retention, maxBytes, batchSize, maxBatches);
    }

    public Limits limits() {
        return limits;
    }

    @Scheduled(
            identity = "decision-retention",
            every = "${peerage.audit.prune-every:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune(limits);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Dropping old decisions failed; the next run tries again", e);
        }
    }

    /** One run: by age first, then by size, never more than {@code limits.maxBatches()} DELETEs. */
    public Run prune(Limits limits) throws SQLException {
        long started = System.nanoTime();
        Instant cutoff = clock.instant().minus(limits.retention());
        int batches = 0;
        long byAge = 0;
        long bySize = 0;
        boolean more = false;
        long estimated;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            while (true) {
                if (batches == limits.maxBatches()) {
                    more = true;
                    break;
                }
                int dropped = deleteOlderThan(connection, cutoff, limits.batchSize());
                batches++;
                byAge += dropped;
                if (dropped < limits.batchSize()) {
                    break;
                }
            }
            long rows = rowCount(connection);
            estimated = estimatedBytes(connection, rows);
            long excess = rowsOverLimit(rows, estimated, limits.maxBytes());
            while (excess > 0) {
                if (batches >= limits.maxBatches()) {
                    more = true;
                    break;
                }
                int dropped = deleteOldest(connection, (int) Math.min(limits.batchSize(), excess));
                batches++;
                bySize += dropped;
                excess -= dropped;
                if (dropped == 0) {
                    break;
                }
            }
        }
        Run run = new Run(byAge, bySize, batches, estimated, more, (System.nanoTime() - started) / 1_000_000);
        if (run.droppedByAge() + run.droppedBySize() > 0 || more) {
            LOG.infof(
                    "Dropped %d decisions older than %s and %d over %d bytes (about %d before) in %d DELETEs, %d ms%s",
                    byAge,
                    limits.retention(),
                    bySize,
                    limits.maxBytes(),
                    estimated,
                    batches,
                    run.millis(),
                    more ? "; more to drop next run" : "");
        } else {
            LOG.debugf("Nothing to drop (decisions about %d bytes), %d ms", estimated, run.millis());
        }
        return run;
    }

    /**
     * How many rows to drop so that {@code rows} rows of {@code bytes} in all fit {@code maxBytes}: the excess over the
     * average row, rounded up.
     */
    static long rowsOverLimit(long rows, long bytes, long maxBytes) {
        if (rows <= 0 || bytes <= maxBytes) {
            return 0;
        }
        double perRow = bytes / (double) rows;
        return Math.min(rows, (long) Math.ceil((bytes - maxBytes) / perRow));
    }

    /** The table's size as rows x the average size of the newest rows, index entries included. */
    private static long estimatedBytes(Connection connection, long rows) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try (PreparedStatement average = connection.prepareStatement(AVERAGE_ROW);
                ResultSet result = average.executeQuery()) {
            double perRow = result.next() ? result.getDouble(1) : 0;
            return (long) (rows * (perRow + ROW_OVERHEAD_BYTES));
        }
    }

    /**
     * InnoDB's estimate of the row count, refreshed first by {@code ANALYZE TABLE} (which samples a few pages of each
     * index, with no scan of a table of millions of rows) so that it is not the count of the last automatic refresh.
     */
    private static long rowCount(Connection connection) throws SQLException {
        try (PreparedStatement analyze = connection.prepareStatement("analyze table decision");
                ResultSet ignored = analyze.executeQuery()) {
            // Only its effect counts: fresh statistics.
        }
        try (PreparedStatement count = connection.prepareStatement(ROW_COUNT);
                ResultSet result = count.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static int deleteOlderThan(Connection connection, Instant cutoff, int limit) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_OLDER_THAN)) {
            delete.setObject(1, LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        }
    }

    private static int deleteOldest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_OLDEST)) {
            delete.setInt(1, limit);
            return delete.executeUpdate();
        }
    }
}
