package io.peerage.allocation;

import io.peerage.journal.RowGroup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocation rows of one journal batch. Endings of rows written by earlier batches go first, then the batch's new
 * rows in their final state: an allocation created and replaced within the same batch is inserted already ended. So
 * the unique live key never sees two live rows for a child and content, whatever the order within the batch.
 */
final class AllocationRows implements RowGroup {

    /** A new allocation row; ended when it was replaced within its own batch. */
    record Row(
            String id,
            String childId,
            String contentId,
            long requiredKbps,
            long coveredKbps,
            String parents,
            String relaxedPolicies,
            String summary,
            Instant createdAt,
            Ending ending) {

        Row endedBy(Ending end) {
            return ending != null
                    ? this
                    : new Row(
                            id,
                            childId,
                            contentId,
                            requiredKbps,
                            coveredKbps,
                            parents,
                            relaxedPolicies,
                            summary,
                            createdAt,
                            end);
        }
    }

    record Ending(String allocationId, Instant at, String reason) {}

    private static final String INSERT = "insert into allocation (id, child_id, content_id, status, required_kbps,"
            + " covered_kbps, parents, relaxed_policies, summary, created_at, ended_at, end_reason)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String END = "update allocation set status = '" + AllocationEntity.ENDED + "', ended_at = ?,"
            + " end_reason = ? where id = ? and status = '" + AllocationEntity.ACTIVE + "'";

    private final Map<String, Row> created = new LinkedHashMap<>();
    private final List<Ending> endings = new ArrayList<>();

    void add(Row row) {
        created.put(row.id(), row);
    }

    /** Ends a live allocation; an allocation already ended stays as it ended first. */
    void end(Ending ending) {
        Row row = created.get(ending.allocationId());
        if (row != null) {
            created.put(row.id(), row.endedBy(ending));
        } else {
            endings.add(ending);
        }
    }

    @Override
    public void write(Connection connection) throws SQLException {
        if (!endings.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(END)) {
                for (Ending ending : endings) {
                    update.setObject(1, RowGroup.utc(ending.at()));
                    update.setString(2, ending.reason());
                    update.setString(3, ending.allocationId());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
        if (!created.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Row row : created.values()) {
                    insert.setString(1, row.id());
                    insert.setString(2, row.childId());
                    insert.setString(3, row.contentId());
                    insert.setString(4, row.ending() == null ? AllocationEntity.ACTIVE : AllocationEntity.ENDED);
                    insert.setLong(5, row.requiredKbps());
                    insert.setLong(6, row.coveredKbps());
                    insert.setString(7, row.parents());
                    insert.setString(8, row.relaxedPolicies());
                    insert.setString(9, row.summary());
                    insert.setObject(10, RowGroup.utc(row.createdAt()));
                    insert.setObject(
                            11,
                            row.ending() == null
                                    ? null
                                    : RowGroup.utc(row.ending().at()));
                    insert.setString(
                            12, row.ending() == null ? null : row.ending().reason());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
