package io.peerage.audit;

import io.peerage.journal.RowGroup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The decision rows of one journal batch, inserted in one JDBC batch. */
final class DecisionRows implements RowGroup {

    /** A decision's row, serialized on the request thread so that the journal's single writer only inserts. */
    record Row(
            String id,
            int revision,
            RepairTrigger trigger,
            Decision decision,
            String summary,
            String candidateIds,
            String rules,
            byte[] compressedExplanation) {}

    private static final String INSERT = "insert into decision (id, decided_at, child_id, content_id, outcome,"
            + " policy_version, summary, candidate_ids, rules, explanation, allocation_id, revision, repair_trigger)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    @Override
    public void write(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Row row : rows) {
                Decision decision = row.decision();
                insert.setString(1, row.id());
                insert.setObject(2, RowGroup.utc(decision.decidedAt()));
                insert.setString(3, decision.childId());
                insert.setString(4, decision.contentId());
                insert.setString(5, decision.outcome().name());
                insert.setInt(6, decision.policyVersion());
                insert.setString(7, row.summary());
                insert.setString(8, row.candidateIds());
                insert.setString(9, row.rules());
                insert.setBytes(10, row.compressedExplanation());
                insert.setString(11, decision.allocationId());
                insert.setInt(12, row.revision());
                insert.setString(
                        13, row.trigger() == null ? null : row.trigger().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
