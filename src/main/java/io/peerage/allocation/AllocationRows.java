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
            Ending ending,
            int revision,
            int maxParents) {

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
                            end,
                            revision,
                            maxParents);
        }
    }

    record Ending(String allocationId, Instant at, String reason) {}

    /** A live allocation's next revision. */
    record Revision(String allocationId, int revision, long coveredKbps, String parents, String summary) {}

    private static final String INSERT = "insert into allocation (id, child_id, content_id, status, required_kbps,"
            + " covered_kbps, parents, relaxed_policies, summary, created_at, ended_at, end_reason, revision, max_parents)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REVISE = "update allocation set revision = ?, covered_kbps = ?, parents = ?,"
            + " summary = ? where id = ? and revision < ?";
    private static final String END = "update allocation set status = '" + AllocationEntity.ENDED + "', ended_at = ?,"
            + " end_reason = ? where id = ? and status = '" + AllocationEntity.ACTIVE + "'";

    private final Map<String, Row> created = new LinkedHashMap<>();
    private final List<Ending> endings = new ArrayList<>();
    private final Map<String, Revision> revisions = new LinkedHashMap<>();

    /** A new revision; of a row written in this batch, folded into it. The latest revision wins. */
    void revise(Revision revision) {
        Row row = created.get(revision.allocationId());
        if (row != null) {
            created.put(
                    row.id(),
                    new Row(
                            row.id(),
                            row.childId(),
                            row.contentId(),
                            row.requiredKbps(),
                            revision.coveredKbps(),
                            revision.parents(),
                            row.relaxedPolicies(),
                            revision.summary(),
                            row.createdAt(),
                            row.ending(),
                            revision.revision(),
                            row.maxParents()));
        } else {
            revisions.merge(revision.allocationId(), revision, (a, b) -> a.revision() >= b.revision() ? a : b);
        }
    }

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
                    insert.setInt(13, row.revision());
                    insert.setInt(14, row.maxParents());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        // Revisions of rows written before; an ended row keeps the parents it ended with only if it was revised
        // after, which the revision check leaves alone either way.
        if (!revisions.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(REVISE)) {
                for (Revision revision : revisions.values()) {
                    update.setInt(1, revision.revision());
                    update.setLong(2, revision.coveredKbps());
                    update.setString(3, revision.parents());
                    update.setString(4, revision.summary());
                    update.setString(5, revision.allocationId());
                    update.setInt(6, revision.revision());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
    }
}
