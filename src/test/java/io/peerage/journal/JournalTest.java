package io.peerage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTest {

    @Test
    void a_full_queue_refuses_at_once_instead_of_queueing_without_end() {
        Journal journal = new Journal(null, 2, 10, Duration.ofSeconds(1));
        journal.onStartAccepting();
        journal.append(List.of(batch -> {}));
        journal.append(List.of(batch -> {}));

        assertThat(journal.isAccepting()).isFalse();
        assertThatThrownBy(() -> journal.append(List.of(batch -> {})))
                .isInstanceOf(JournalOverloadedException.class)
                .hasMessage("too many changes are waiting to be written");
        assertThat(journal.backlog()).isEqualTo(2);
    }

    @Test
    void a_stopped_journal_accepts_nothing() {
        Journal journal = new Journal(null, 2, 10, Duration.ofSeconds(1));
        assertThatThrownBy(() -> journal.append(List.of(batch -> {})))
                .isInstanceOf(JournalOverloadedException.class)
                .hasMessage("the service is stopping");
        assertThat(journal.backlog()).isZero();
    }
}
