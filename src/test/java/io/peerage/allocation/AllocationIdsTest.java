package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AllocationIdsTest {

    @Test
    void ids_are_version_7_uuids_carrying_the_decision_time() {
        Instant at = Instant.parse("2026-11-25T12:00:00.123Z");

        UUID id = UUID.fromString(AllocationIds.next(at));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        assertThat(AllocationIds.next(at))
                .hasSize(36)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void later_decisions_get_ids_that_sort_after_earlier_ones_and_ids_of_the_same_moment_differ() {
        Instant start = Instant.parse("2026-11-25T12:00:00Z");
        List<String> ids = new ArrayList<>();
        Set<String> sameMoment = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(AllocationIds.next(start.plusMillis(i)));
            sameMoment.add(AllocationIds.next(start));
        }

        assertThat(ids).isSorted();
        assertThat(sameMoment).hasSize(1000);
    }
}
