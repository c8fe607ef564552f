package io.peerage.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.support.TestClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool of heavy work: bounded, budgeted, and every job it starts stops when asked or when its time is up. */
class HeavyWorkTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    final TestClock clock = new TestClock();
    final HeavyWork pool = new HeavyWork(1, 1000, Duration.ofSeconds(60), clock);

    @AfterEach
    void stop() {
        pool.stop();
    }

    /** Work that goes on until its control stops it, saying when it started and which thread ran it. */
    static final class Endless {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch returned = new CountDownLatch(1);

        String run(RunControl control) {
            started.countDown();
            try {
                while (true) {
                    control.tick();
                }
            } finally {
                returned.countDown();
            }
        }
    }

    @Test
    void a_cancelled_job_stops_its_thread_returns_and_its_slot_takes_the_next_job() throws Exception {
        Endless endless = new Endless();
        HeavyWork.Job<String> job = pool.submit("endless", "scenario", 10, "test", endless::run);
        assertThat(endless.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        job.cancel();

        assertThatThrownBy(() -> job.result().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(WorkStoppedException.class)
                .hasMessage("cancelled: its client went away");
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        assertThat(pool.running()).isZero();
        assertThat(endless.returned.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the job's thread left it")
                .isTrue();
        assertThat(pool.submit("next", "scenario", 10, "test", control -> "done")
                        .result()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo("done");
    }

    @Test
    void a_job_past_its_wall_clock_limit_stops_and_frees_its_slot() throws Exception {
        Endless endless = new Endless();
        HeavyWork.Job<String> job = pool.submit("endless", "scenario", 10, "test", endless::run);
        assertThat(endless.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> job.result().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(WorkStoppedException.class)
                .hasMessage("stopped after its wall-clock limit of 60 s (peerage.simulation.timeout)")
                .extracting(e -> ((WorkStoppedException) e).why())
                .isEqualTo(WorkStoppedException.Why.TIMED_OUT);
        assertThat(endless.returned.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        assertThat(pool.submit("next", "scenario", 10, "test", control -> "done")
                        .result()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo("done");
    }

    @Test
    void work_above_the_budget_is_refused_before_it_starts_naming_the_limit_and_the_work() {
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> pool.submit("simulation 'big'", "scenario", 1001, "2 runs x 500 viewers", control -> {
                    ran.set(true);
                    return "";
                }))
                .isInstanceOf(WorkTooLargeException.class)
                .hasMessage("simulation 'big' would take 1001 viewer-events of work (2 runs x 500 viewers), more than"
                        + " the 1000 this service runs (peerage.simulation.max-work). Maybe a shorter durationSeconds,"
                        + " fewer viewers or less churn, or run it with the simulation command?");
        assertThat(ran).isFalse();
        assertThat(pool.running()).isZero();
    }

    @Test
    void with_every_slot_taken_and_as_many_waiting_more_work_is_refused_as_busy() throws Exception {
        Endless first = new Endless();
        HeavyWork.Job<String> running = pool.submit("first", "scenario", 10, "test", first::run);
        assertThat(first.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        HeavyWork.Job<String> waiting = pool.submit("second", "scenario", 10, "test", control -> "second");

        assertThatThrownBy(() -> pool.submit("third", "scenario", 10, "test", control -> "third"))
                .isInstanceOf(WorkBusyException.class)
                .hasMessage("1 simulations or dry runs are running and as many are waiting"
                        + " (peerage.simulation.concurrency)");

        running.cancel();
        assertThat(waiting.result().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void an_error_inside_a_job_answers_its_caller_and_frees_the_slot() throws Exception {
        HeavyWork.Job<String> job = pool.submit("failing", "scenario", 10, "test", control -> {
            throw new OutOfMemoryError("simulated");
        });

        assertThatThrownBy(() -> job.result().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        assertThat(pool.submit("next", "scenario", 10, "test", control -> "done")
                        .result()
                        .get(30, TimeUnit.SECONDS))
                .isEqualTo("done");
    }
}
