package io.peerage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peerage.support.TestClock;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JournalTest {

    private final FakeDatabase database = new FakeDatabase();
    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> undone = new CopyOnWriteArrayList<>();
    private Journal journal;

    @AfterEach
    void stop() {
        if (journal != null) {
            database.recover();
            journal.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void an_error_thrown_in_a_change_fails_only_its_set_and_the_writer_goes_on() throws Exception {
        start(Duration.ofSeconds(10));
        FakeDatabase.Gate gate = hold();
        ChangeSet before = submit("before", "n1");
        ChangeSet broken = submit("broken", "n2", FakeDatabase.throwing(new StackOverflowError("deep")));
        ChangeSet after = submit("after", "n3");
        gate.release();

        before.await();
        after.await();
        assertThatThrownBy(broken::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("the change was undone: it could not be written: StackOverflowError: deep");
        assertThat(database.written).containsExactly("before", "after");
        assertThat(undone).containsExactly("broken");

        // It goes on: a later set is written, and liveness asks for a restart.
        submit("later", "n4").await();
        assertThat(database.written).containsExactly("before", "after", "later");
        // Thrown twice: in the batch, then in the set written on its own.
        assertThat(journal.errors()).isEqualTo(2);
        assertThat(journal.lastError()).contains("StackOverflowError: deep");
        HealthCheckResponse live = new JournalLiveness(journal).call();
        assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(live.getData().orElseThrow())
                .containsEntry("writerAlive", true)
                .containsEntry("errors", 2L);
        assertThat(meters.counter("peerage.journal.failures", "kind", "error").count())
                .isEqualTo(2);
    }

    @Test
    void a_failing_change_is_undone_with_the_later_sets_that_touch_the_same_node_and_the_others_are_written()
            throws Exception {
        start(Duration.ofSeconds(10));
        FakeDatabase.Gate gate = hold();
        ChangeSet first = submit("first", "n1");
        ChangeSet refused = submit(
                "refused",
                "n2",
                FakeDatabase.throwing(new IllegalStateException(
                        "could not insert", new SQLIntegrityConstraintViolationException("Duplicate entry", "23000"))));
        ChangeSet sameNode = submit("same-node", "n2");
        ChangeSet other = submit("other", "n3");
        ChangeSet afterSameNode = submit("after-same-node", "n2");
        gate.release();

        first.await();
        other.await();
        assertThatThrownBy(refused::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith(
                        "the change was undone: it could not be written: IllegalStateException caused by"
                                + " SQLIntegrityConstraintViolationException: Duplicate entry");
        assertThatThrownBy(sameNode::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith(
                        "the change was undone: an earlier change to the same node or allocation failed");
        assertThatThrownBy(afterSameNode::await).isInstanceOf(JournalUnavailableException.class);
        assertThat(database.written).containsExactly("first", "other");
        // Newest first, so that every inverse finds memory as its own change left it.
        assertThat(undone).containsExactly("after-same-node", "same-node", "refused");
        assertThat(journal.errors()).isZero();
        assertThat(meters.counter("peerage.journal.failures", "kind", "change").count())
                .isEqualTo(2); // the batch, then the set on its own
        assertThat(meters.counter("peerage.journal.undone").count()).isEqualTo(3);
        assertThat(journal.backlog()).isZero();
    }

    @Test
    void while_the_database_is_briefly_unavailable_changes_wait_and_are_written_when_it_returns() throws Exception {
        start(Duration.ofSeconds(10));
        database.failEverything(connectionLost());
        ChangeSet a = submit("a", "n1");
        ChangeSet b = submit("b", "n2");
        eventually(() -> journal.unavailableSince().isPresent());
        assertThat(journal.unavailableTooLong()).isFalse();
        assertThat(new JournalReadiness(journal).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        database.recover();
        a.await();
        b.await();
        assertThat(database.written).containsExactly("a", "b");
        assertThat(undone).isEmpty();
        assertThat(journal.unavailableSince()).isEmpty();
        assertThat(meters.counter("peerage.journal.failures", "kind", "database-unavailable")
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void an_unavailable_database_is_not_retried_change_by_change() throws Exception {
        start(Duration.ofSeconds(10));
        FakeDatabase.Gate gate = hold();
        database.failEverything(connectionLost());
        ChangeSet a = submit("a", "n1");
        ChangeSet b = submit("b", "n2");
        ChangeSet c = submit("c", "n3");
        gate.release();
        eventually(() -> journal.unavailableSince().isPresent());
        // While it is away, the writer only probes the database.
        assertThat(database.attempts).containsExactly(1, 3);

        database.recover();
        a.await();
        b.await();
        c.await();
        // After the gate's own commit, each attempt carried the three sets together, never one alone.
        assertThat(database.attempts).containsExactly(1, 3, 3);
        assertThat(database.written).containsExactly("a", "b", "c");
    }

    @Test
    void after_unhealthy_after_waiting_changes_are_undone_new_ones_refused_and_all_recovers_when_the_database_returns()
            throws Exception {
        start(Duration.ofSeconds(10));
        database.failEverything(connectionLost());
        ChangeSet waiting = submit("waiting", "n1");
        eventually(() -> journal.unavailableSince().isPresent());

        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(waiting::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith(
                        "the change was undone: the database has been unavailable since 2026-11-25T12:00");
        assertThat(undone).containsExactly("waiting");
        assertThatThrownBy(journal::begin)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith("the database has been unavailable since")
                .satisfies(e -> assertThat(((JournalUnavailableException) e).retryAfter())
                        .isEqualTo(Duration.ofSeconds(5)));
        HealthCheckResponse ready = new JournalReadiness(journal).call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow().get("reason").toString())
                .startsWith("the database has been unavailable since 2026-11-25T12:00");
        assertThat(ready.getData().orElseThrow().get("lastFailure").toString())
                .contains("SQLNonTransientConnectionException: Connection refused");
        // A restart would not bring the database back: liveness stays UP.
        assertThat(new JournalLiveness(journal).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        database.recover();
        eventually(() -> journal.unavailableSince().isEmpty());
        submit("afterwards", "n1").await();
        assertThat(database.written).containsExactly("afterwards");
        assertThat(new JournalReadiness(journal).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void a_timeout_cancels_a_set_that_is_still_waiting() throws Exception {
        start(Duration.ofMillis(200));
        FakeDatabase.Gate gate = hold();
        ChangeSet late = submit("late", "n1");

        assertThatThrownBy(late::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("the change was undone: it was not written within 0 s; nothing was changed");
        assertThat(undone).containsExactly("late");
        gate.release();
        submit("next", "n2").await();
        assertThat(database.written).containsExactly("next");
    }

    @Test
    void a_timeout_never_answers_503_for_a_set_being_written() throws Exception {
        start(Duration.ofMillis(200));
        FakeDatabase.Gate gate = new FakeDatabase.Gate();
        ChangeSet slow = journal.begin();
        slow.write(gate.change()).write(database.named("slow"));
        slow.submit();
        gate.awaitEntered();
        CompletableFuture<Void> answer = CompletableFuture.runAsync(slow::await);

        // Well past the commit timeout, the request still waits for the outcome of the write...
        assertThatThrownBy(() -> answer.get(600, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        gate.release();
        // ...which is a success.
        answer.get(10, TimeUnit.SECONDS);
        assertThat(database.written).containsExactly("slow");
    }

    @Test
    void draining_keeps_accepting_then_stopping_refuses_new_changes_and_writes_every_accepted_one() throws Exception {
        start(Duration.ofSeconds(10));
        journal.beginDrain();
        HealthCheckResponse ready = new JournalReadiness(journal).call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow()).containsEntry("reason", "the service is draining");
        FakeDatabase.Gate gate = hold();
        ChangeSet accepted = submit("accepted", "n1");
        ChangeSet admitted = journal.begin(); // admitted before the stop, submitted after it

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> journal.stop(Duration.ofSeconds(10)));
        eventually(() -> journal.phase() == Journal.Phase.STOPPING);
        assertThatThrownBy(journal::begin)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("the service is stopping");
        admitted.write(database.named("admitted")).submit();
        gate.release();
        stopped.get(10, TimeUnit.SECONDS);

        accepted.await();
        admitted.await();
        assertThat(database.written).containsExactly("accepted", "admitted");
        assertThat(journal.phase()).isEqualTo(Journal.Phase.STOPPED);
        assertThat(journal.backlog()).isZero();
    }

    @Test
    void an_answer_without_a_waiting_thread_comes_once_written_or_once_undone_with_what_await_would_throw()
            throws Exception {
        start(Duration.ofSeconds(10));
        FakeDatabase.Gate gate = hold();
        ChangeSet good = submit("good", "n1");
        ChangeSet broken = submit(
                "broken",
                "n2",
                FakeDatabase.throwing(new IllegalStateException(
                        "could not insert", new SQLIntegrityConstraintViolationException("Duplicate entry", "23000"))));
        CompletableFuture<String> goodAnswer = answer(good);
        CompletableFuture<String> brokenAnswer = answer(broken);
        assertThat(goodAnswer).as("nothing is answered before the write").isNotDone();
        gate.release();

        assertThat(goodAnswer.get(10, TimeUnit.SECONDS)).isEqualTo("written");
        assertThat(brokenAnswer.get(10, TimeUnit.SECONDS))
                .startsWith("JournalUnavailableException: the change was undone: it could not be written:"
                        + " IllegalStateException caused by SQLIntegrityConstraintViolationException: Duplicate entry");
        assertThat(undone).containsExactly("broken");
        // A set already written is answered at once, in the calling thread.
        assertThat(answer(good).getNow("not yet")).isEqualTo("written");
        eventually(() -> journal.pendingAnswers() == 0);
    }

    @Test
    void an_answer_without_a_waiting_thread_has_the_commit_timeout_of_await() throws Exception {
        start(Duration.ofMillis(200));
        FakeDatabase.Gate gate = hold();
        ChangeSet late = submit("late", "n1");

        assertThat(answer(late).get(10, TimeUnit.SECONDS))
                .isEqualTo("JournalUnavailableException: the change was undone: it was not written within 0 s;"
                        + " nothing was changed");
        assertThat(undone).containsExactly("late");
        gate.release();
        assertThat(answer(submit("next", "n2")).get(10, TimeUnit.SECONDS)).isEqualTo("written");
        assertThat(database.written).containsExactly("next");
    }

    @Test
    void a_set_is_answered_only_once_submitted() {
        start(Duration.ofSeconds(10));
        try (ChangeSet open = journal.begin()) {
            assertThatThrownBy(() -> open.whenSettled(failure -> CompletableFuture.completedFuture(null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a change set is answered only once it is submitted");
        }
        assertThat(journal.pendingAnswers()).isZero();
    }

    @Test
    void stopping_waits_until_the_answers_of_written_sets_are_delivered() throws Exception {
        start(Duration.ofSeconds(10));
        CompletableFuture<Void> delivery = new CompletableFuture<>();
        List<String> answered = new CopyOnWriteArrayList<>();
        submit("accepted", "n1").whenSettled(failure -> {
            answered.add(failure == null ? "written" : failure.getMessage());
            return delivery; // handed on to another thread, which has not delivered it yet
        });
        eventually(() -> answered.contains("written"));
        assertThat(journal.pendingAnswers()).isEqualTo(1);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> journal.stop(Duration.ofSeconds(10)));
        // The writer has written everything and ended: only the delivery is left.
        eventually(() -> journal.phase() == Journal.Phase.STOPPING && !journal.writerAlive());
        assertThat(stopped).as("stopping waits for the delivery").isNotDone();
        assertThat(journal.phase()).isEqualTo(Journal.Phase.STOPPING);

        delivery.complete(null);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(journal.phase()).isEqualTo(Journal.Phase.STOPPED);
        assertThat(journal.pendingAnswers()).isZero();
        assertThat(database.written).containsExactly("accepted");
    }

    /** What a set's answer says: "written", or the class and message of the exception. */
    private static CompletableFuture<String> answer(ChangeSet set) {
        CompletableFuture<String> said = new CompletableFuture<>();
        set.whenSettled(failure -> {
            said.complete(
                    failure == null ? "written" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
            return CompletableFuture.completedFuture(null);
        });
        return said;
    }

    @Test
    void a_full_queue_refuses_at_once_instead_of_queueing_without_end() {
        journal = new Journal(
                database, clock, meters, new Journal.Settings(2, 10, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        journal.start();
        FakeDatabase.Gate gate = new FakeDatabase.Gate();
        try {
            journal.begin().write(gate.change()).submit();
            journal.begin().write(database.named("second")).submit();

            assertThat(journal.hasRoom()).isFalse();
            assertThatThrownBy(journal::begin)
                    .isInstanceOf(JournalOverloadedException.class)
                    .hasMessage("too many changes are waiting to be written");
            assertThat(journal.backlog()).isEqualTo(2);
        } finally {
            gate.release();
        }
    }

    @Test
    void a_journal_not_started_accepts_nothing() {
        journal = new Journal(
                database, clock, meters, new Journal.Settings(2, 10, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThatThrownBy(journal::begin)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("the service is starting");
        assertThat(journal.backlog()).isZero();
        journal = null;
    }

    @Test
    void a_set_closed_without_being_submitted_is_undone_and_gives_its_place_back() {
        start(Duration.ofSeconds(1));
        try (ChangeSet set = journal.begin()) {
            set.undo(() -> undone.add("first")).undo(() -> undone.add("second"));
            assertThat(journal.backlog()).isEqualTo(1);
        }
        assertThat(undone).containsExactly("second", "first");
        assertThat(journal.backlog()).isZero();
    }

    private void start(Duration commitTimeout) {
        journal = new Journal(
                database, clock, meters, new Journal.Settings(100, 50, commitTimeout, Duration.ofSeconds(5)));
        journal.start();
    }

    /** Holds the writer inside a transaction, so that the sets submitted next go into one batch. */
    private FakeDatabase.Gate hold() throws InterruptedException {
        FakeDatabase.Gate gate = new FakeDatabase.Gate();
        journal.begin().write(gate.change()).submit();
        gate.awaitEntered();
        return gate;
    }

    private ChangeSet submit(String name, String node, Change... more) {
        ChangeSet set = journal.begin();
        set.touchNode(node).undo(() -> undone.add(name)).write(database.named(name));
        for (Change change : more) {
            set.write(change);
        }
        set.submit();
        return set;
    }

    private static RuntimeException connectionLost() {
        return new IllegalStateException(
                "could not write", new SQLNonTransientConnectionException("Connection refused", "08000"));
    }

    /** Waits, at most 10 s, for something the writer thread does. */
    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
