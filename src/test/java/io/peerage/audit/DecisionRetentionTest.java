package io.peerage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Old decisions go, oldest first, in bounded DELETEs, and never the decision of a live allocation. Rows are written
 * here far in the past (2000 and 2020), so that they are the oldest in the shared test database and the limits chosen
 * reach them and nothing else.
 */
@QuarkusTest
class DecisionRetentionTest {

    /** Ten years: only this test's rows of 2000 are older, whatever other tests did with the clock. */
    static final Duration TEN_YEARS = Duration.ofDays(3650);

    @Inject
    DecisionRetention retention;

    @Inject
    DataSource dataSource;

    final String prefix = "ret-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** Nothing of this test stays: a live allocation row would be restored by the next start. */
    @AfterEach
    void removeTheRowsOfThisTest() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (String table : new String[] {"allocation", "decision"}) {
                try (PreparedStatement delete =
                        connection.prepareStatement("delete from " + table + " where id like ?")) {
                    delete.setString(1, prefix + "%");
                    delete.executeUpdate();
                }
            }
        }
    }

    @Test
    void decisions_past_the_retention_go_oldest_first_in_bounded_batches_and_a_live_allocation_keeps_its_own()
            throws SQLException {
        List<String> old = decisions(30, LocalDateTime.parse("2000-01-01T00:00:00"));
        live(old.get(0));

        DecisionRetention.Run first = retention.prune(new DecisionRetention.Limits(TEN_YEARS, Long.MAX_VALUE, 7, 2));

        assertThat(first.droppedByAge()).isEqualTo(14);
        assertThat(first.batches()).isEqualTo(2);
        assertThat(first.more())
                .as("the run stops at its limit with more to drop")
                .isTrue();
        assertThat(remaining()).containsExactlyElementsOf(concat(old.get(0), old.subList(15, 30)));

        DecisionRetention.Run second = retention.prune(new DecisionRetention.Limits(TEN_YEARS, Long.MAX_VALUE, 7, 100));

        assertThat(second.droppedByAge()).isEqualTo(15);
        assertThat(second.batches()).as("7 + 7 + 1, and the last one short").isEqualTo(3);
        assertThat(second.more()).isFalse();
        assertThat(remaining()).as("the live allocation's decision stays").containsExactly(old.get(0));
    }

    @Test
    void over_the_size_limit_the_oldest_decisions_go_within_the_run_s_batches() throws SQLException {
        List<String> rows = decisions(12, LocalDateTime.parse("2020-01-01T00:00:00"));
        live(rows.get(0));

        DecisionRetention.Run run = retention.prune(new DecisionRetention.Limits(TEN_YEARS, 1, 5, 3));

        assertThat(run.droppedByAge()).isZero();
        assertThat(run.droppedBySize()).isEqualTo(10);
        assertThat(run.batches())
                .as("one DELETE by age that found nothing, two by size")
                .isEqualTo(3);
        assertThat(run.more()).isTrue();
        assertThat(run.estimatedBytes()).isPositive();
        assertThat(remaining()).containsExactly(rows.get(0), rows.get(11));
    }

    @Test
    void the_rows_over_the_size_limit_are_the_excess_over_the_average_row() {
        assertThat(DecisionRetention.rowsOverLimit(1000, 4_000_000, 3_000_000)).isEqualTo(250);
        assertThat(DecisionRetention.rowsOverLimit(1000, 4_000_000, 3_999_999)).isEqualTo(1);
        assertThat(DecisionRetention.rowsOverLimit(1000, 4_000_000, 4_000_000)).isZero();
        assertThat(DecisionRetention.rowsOverLimit(1000, 4_000_000, 0)).isEqualTo(1000);
        assertThat(DecisionRetention.rowsOverLimit(0, 0, 0)).isZero();
    }

    @Test
    void the_defaults_keep_a_month_and_bound_a_run() {
        assertThat(retention.limits())
                .isEqualTo(new DecisionRetention.Limits(Duration.ofDays(30), 500_000_000_000L, 5000, 200));
    }

    /** {@code count} decisions a minute apart from {@code from}, oldest first. */
    private List<String> decisions(int count, LocalDateTime from) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into decision (id, decided_at,"
                        + " child_id, content_id, outcome, policy_version, summary, candidate_ids, rules, explanation)"
                        + " values (?, ?, 'ret-child', 'ret-content', 'ALLOCATED', 1, 'old', '[]', '[]',"
                        + " compress('{}'))")) {
            for (int i = 0; i < count; i++) {
                String id = prefix + String.format("%02d", i);
                insert.setString(1, id);
                insert.setObject(2, from.plusMinutes(i));
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }

    private void live(String allocationId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into allocation (id, child_id,"
                        + " content_id, status, required_kbps, covered_kbps, parents, relaxed_policies, summary,"
                        + " created_at) values (?, ?, 'ret-content', 'ACTIVE', 1, 1, '[]', '[]', 'live', now(6))")) {
            insert.setString(1, allocationId);
            insert.setString(2, allocationId);
            insert.executeUpdate();
        }
    }

    private List<String> remaining() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("select id from decision where id like ? order by id")) {
            select.setString(1, prefix + "%");
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
        }
        return ids;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
