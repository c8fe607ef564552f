package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.journal.Journal;
import io.peerage.node.NodeKind;
import io.peerage.node.PeerType;
import io.peerage.support.Api;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.ParentShare;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How allocation rows reach the database through the journal's batches. */
@QuarkusTest
class AllocationRowsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Inject
    Journal journal;

    @Inject
    AllocationStore allocations;

    @Inject
    AllocationSettings settings;

    @Inject
    jakarta.persistence.EntityManager entityManager;

    private final List<String> written = new ArrayList<>();

    /** Rows written here have no live nodes behind them: ended, so that a restart elsewhere does not restore them. */
    @AfterEach
    void endWhatIsStillLive() {
        journal.write(written.stream()
                .map(id -> allocations.ended(id, T0.plusSeconds(60), "test over"))
                .toList());
    }

    @Test
    void allocations_replaced_within_one_batch_are_inserted_ended_and_only_the_last_is_live() {
        String child = Api.id("child");
        Assignment first = assignment(child, T0);
        Assignment second = assignment(child, T0.plusSeconds(1));
        Assignment third = assignment(child, T0.plusSeconds(2));

        // One set of changes is one batch: all of them meet in the same transaction.
        journal.write(List.of(
                allocations.created(first),
                allocations.ended(first.id(), T0.plusSeconds(1), "replaced by " + second.id()),
                allocations.created(second),
                allocations.ended(second.id(), T0.plusSeconds(2), "replaced by " + third.id()),
                allocations.created(third)));

        AllocationEntity firstRow = row(first.id());
        assertThat(firstRow.status).isEqualTo(AllocationEntity.ENDED);
        assertThat(firstRow.endedAt).isEqualTo(T0.plusSeconds(1));
        assertThat(firstRow.endReason).isEqualTo("replaced by " + second.id());
        assertThat(firstRow.createdAt).isEqualTo(T0);
        assertThat(row(second.id()).status).isEqualTo(AllocationEntity.ENDED);
        assertThat(row(second.id()).endReason).isEqualTo("replaced by " + third.id());
        AllocationEntity live = row(third.id());
        assertThat(live.status).isEqualTo(AllocationEntity.ACTIVE);
        assertThat(live.endedAt).isNull();
        assertThat(live.endReason).isNull();
        assertThat(live.maxParents)
                .as("the maxParents the request asked for is kept")
                .isEqualTo(3);
        assertThat(allocations.toAssignment(live)).isEqualTo(third);
    }

    @Test
    void a_row_written_before_max_parents_was_kept_reads_as_the_configured_default() {
        Assignment old = assignment(Api.id("child"), T0);
        journal.write(List.of(allocations.created(old)));
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("update allocation set max_parents = null where id = ?1")
                        .setParameter(1, old.id())
                        .executeUpdate());

        AllocationEntity row = row(old.id());
        assertThat(row.maxParents).isNull();
        assertThat(allocations.toAssignment(row).maxParents())
                .as("peerage.allocation.default-max-parents, 4 unless set")
                .isEqualTo(settings.defaultMaxParents())
                .isEqualTo(4);
    }

    @Test
    void an_allocation_written_by_an_earlier_batch_is_ended_in_place_and_only_once() {
        String child = Api.id("child");
        Assignment first = assignment(child, T0);
        Assignment second = assignment(child, T0.plusSeconds(5));
        journal.write(List.of(allocations.created(first)));

        journal.write(List.of(
                allocations.ended(first.id(), T0.plusSeconds(5), "replaced by " + second.id()),
                allocations.created(second)));
        journal.write(List.of(allocations.ended(first.id(), T0.plusSeconds(9), "child left")));

        AllocationEntity ended = row(first.id());
        assertThat(ended.status).isEqualTo(AllocationEntity.ENDED);
        assertThat(ended.endedAt).isEqualTo(T0.plusSeconds(5));
        assertThat(ended.endReason).isEqualTo("replaced by " + second.id());
        assertThat(row(second.id()).status).isEqualTo(AllocationEntity.ACTIVE);
    }

    @Test
    void an_allocation_ended_twice_within_one_batch_keeps_its_first_end() {
        Assignment only = assignment(Api.id("child"), T0);

        journal.write(List.of(
                allocations.created(only),
                allocations.ended(only.id(), T0.plusSeconds(3), "ended by the child"),
                allocations.ended(only.id(), T0.plusSeconds(4), "child left")));

        assertThat(row(only.id()).endedAt).isEqualTo(T0.plusSeconds(3));
        assertThat(row(only.id()).endReason).isEqualTo("ended by the child");
    }

    private Assignment assignment(String child, Instant at) {
        Assignment assignment = new Assignment(
                Api.id("allocation"),
                child,
                "content-rows",
                1500,
                List.of(new ParentShare("cdn-rows", NodeKind.CDN, PeerType.REGULAR, 1500, ConnectMode.CHILD_INITIATES)),
                List.of("prefer same ISP"),
                "1 parent: cdn-rows",
                at,
                3);
        written.add(assignment.id());
        return assignment;
    }

    private AllocationEntity row(String id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> allocations.find(id).orElseThrow(() -> new AssertionError("no row for " + id)));
    }
}
