package io.peerage.budget;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.ManagedContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The bounded pool where simulations and dry runs run, so that heavy work can never starve the service: at most
 * {@code peerage.simulation.concurrency} at once and as many waiting (more are refused with 503), each refused before it
 * starts when its work is above {@code peerage.simulation.max-work}, each stopped at {@code peerage.simulation.timeout}
 * after it was accepted, or as soon as its client goes away.
 */
@ApplicationScoped
public class HeavyWork {

    private static final Logger LOG = Logger.getLogger(HeavyWork.class);

    /** The default of {@code peerage.simulation.max-work}: about one and a half times the soccer match's work. */
    public static final String DEFAULT_MAX_WORK = "100000";

    private final int concurrency;
    private final long maxWork;
    private final Duration timeout;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    private final Object changes = new Object();

    HeavyWork(
            @ConfigProperty(name = "peerage.simulation.concurrency", defaultValue = "2") int concurrency,
            @ConfigProperty(name = "peerage.simulation.max-work", defaultValue = DEFAULT_MAX_WORK) long maxWork,
            @ConfigProperty(name = "peerage.simulation.timeout", defaultValue = "60s") Duration timeout,
            Clock clock) {
        if (concurrency < 1 || maxWork < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("peerage.simulation.concurrency, max-work and timeout must be above 0");
        }
        this.concurrency = concurrency;
        this.maxWork = maxWork;
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                concurrency, concurrency, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(concurrency), task -> {
                    Thread thread = new Thread(task, "peerage-simulation-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pool.allowCoreThreadTimeOut(true);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new AtomicLong());
        }
    }

    /** How a job ended. */
    public enum Outcome {
        DONE,
        CANCELLED,
        TIMED_OUT,
        FAILED
    }

    /** Jobs that ended so, since the start. */
    public long ended(Outcome outcome) {
        return outcomes.get(outcome).get();
    }

    /** One piece of work handed to the pool: its result to come, and how to stop it. */
    public record Job<T>(CompletableFuture<T> result, RunControl control) {

        public void cancel() {
            control.cancel();
        }
    }

    public long maxWork() {
        return maxWork;
    }

    public Duration timeout() {
        return timeout;
    }

    /** How many run now. */
    public int running() {
        return running.get();
    }

    /**
     * @throws WorkTooLargeException when {@code work} is above the limit, before anything starts
     */
    public void requireWithinBudget(String what, String field, long work, String how) {
        if (work > maxWork) {
            throw new WorkTooLargeException(what, field, work, maxWork, how);
        }
    }

    /**
     * Runs {@code task} in the pool once its work is known to be within the budget.
     *
     * @throws WorkTooLargeException when {@code work} is above the limit
     * @throws WorkBusyException when every slot is taken and as many jobs wait already
     */
    public <T> Job<T> submit(String what, String field, long work, String how, Function<RunControl, T> task) {
        return submit(what, field, work, how, () -> false, task);
    }

    /**
     * As {@link #submit(String, String, long, String, Function)}, also stopping as soon as {@code abandoned} says
     * nobody waits any more (asked at every check, so that a client that went away is noticed even if its
     * cancellation was never delivered).
     */
    public <T> Job<T> submit(
            String what, String field, long work, String how, BooleanSupplier abandoned, Function<RunControl, T> task) {
        requireWithinBudget(what, field, work, how);
        RunControl control = new RunControl(clock, timeout, () -> {}, abandoned);
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> run(what, work, task, control, result));
        } catch (RejectedExecutionException full) {
            throw new WorkBusyException(concurrency);
        }
        return new Job<>(result, control);
    }

    private <T> void run(
            String what, long work, Function<RunControl, T> task, RunControl control, CompletableFuture<T> result) {
        running.incrementAndGet();
        synchronized (changes) {
            changes.notifyAll();
        }
        long started = System.nanoTime();
        String outcome = "done";
        Outcome ended = Outcome.DONE;
        // Work may read the database as a request does: it gets a request context of its own.
        ArcContainer container = Arc.container();
        ManagedContext requestContext = container == null ? null : container.requestContext();
        if (requestContext != null) {
            requestContext.activate();
        }
        try {
            control.check();
            result.complete(task.apply(control));
        } catch (WorkStoppedException stopped) {
            outcome = stopped.getMessage();
            ended = stopped.why() == WorkStoppedException.Why.CANCELLED ? Outcome.CANCELLED : Outcome.TIMED_OUT;
            result.completeExceptionally(stopped);
        } catch (Throwable failure) {
            // An Error too (an OutOfMemoryError above all): the caller gets an answer and the slot is freed.
            outcome = "failed: " + failure;
            ended = Outcome.FAILED;
            result.completeExceptionally(failure);
        } finally {
            if (requestContext != null) {
                requestContext.terminate();
            }
            outcomes.get(ended).incrementAndGet();
            running.decrementAndGet();
            synchronized (changes) {
                changes.notifyAll();
            }
            LOG.infof(
                    "%s (%d viewer-events): %s after %d ms",
                    what, work, outcome, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Waits until nothing runs, at most {@code wait}; true when idle. */
    public boolean awaitIdle(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        synchronized (changes) {
            while (running.get() > 0 || !pool.getQueue().isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
            return true;
        }
    }

    /** Waits until at least {@code count} jobs run, at most {@code wait}; true when they do. */
    public boolean awaitRunning(int count, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        synchronized (changes) {
            while (running.get() < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
            return true;
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
