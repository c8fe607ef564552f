package io.peerage.journal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes state changes durable in batches, and keeps memory from running ahead of the database: a request changes
 * memory at once, hands its {@link ChangeSet} over and answers only once it is written; a set that cannot be written
 * is undone in memory, together with every later set that touches the same node or allocation, and its request gets a
 * 503. See docs/architecture.md, "The journal".
 *
 * <p>One writer thread means one order: sets reach the database in the order they were submitted. The writer catches
 * everything thrown in it; after an {@link Error} it goes on, and liveness reports it.
 */
@ApplicationScoped
public class Journal {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    /** Where the service is in its life, as far as changes go. */
    public enum Phase {
        /** Not started yet: nothing is accepted. */
        NOT_STARTED,
        /** Accepting and writing. */
        RUNNING,
        /** Shutting down, in the shutdown delay: still accepting and writing, but not ready. */
        DRAINING,
        /** Refusing new changes, writing the accepted ones. */
        STOPPING,
        STOPPED
    }

    /** The journal's settings; see docs/operations.md. */
    public record Settings(int capacity, int batchSize, Duration commitTimeout, Duration unhealthyAfter) {}

    private final JournalDatabase database;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Settings settings;
    private final Semaphore permits;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition wake = lock.newCondition();
    // Guarded by lock.
    private final Deque<ChangeSet> queue = new ArrayDeque<>();
    private final Map<String, ChangeSet> lastByKey = new HashMap<>();
    private final List<ChangeSet> writing = new ArrayList<>();
    private long sequence;

    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile Instant unavailableSince;
    private volatile String lastFailure;
    private volatile String lastError;
    private final AtomicLong errors = new AtomicLong();
    private Thread writer;
    // Cancels, after the commit timeout, the sets whose requests do not wait in a thread of their own.
    private final ScheduledThreadPoolExecutor timeouts;
    // Answers registered with whenSettled and not yet delivered; guarded by itself.
    private final Object answersLock = new Object();
    private int pendingAnswers;

    @Inject
    Journal(
            JournalDatabase database,
            Clock clock,
            MeterRegistry meters,
            @ConfigProperty(name = "peerage.journal.capacity", defaultValue = "20000") int capacity,
            @ConfigProperty(name = "peerage.journal.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "peerage.journal.commit-timeout", defaultValue = "10s") Duration commitTimeout,
            @ConfigProperty(name = "peerage.journal.unhealthy-after", defaultValue = "5s") Duration unhealthyAfter) {
        this(database, clock, meters, new Settings(capacity, batchSize, commitTimeout, unhealthyAfter));
    }

    Journal(JournalDatabase database, Clock clock, MeterRegistry meters, Settings settings) {
        this.database = database;
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.permits = new Semaphore(settings.capacity());
        this.timeouts = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "peerage-journal-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timeouts.setRemoveOnCancelPolicy(true);
        Gauge.builder("peerage.journal.backlog", this, Journal::backlog)
                .description("Change sets accepted and not yet written")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Quarkus's shutdown delay began: not ready from now on, so that load balancers stop sending; still serving. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        beginDrain();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop(DRAIN_LIMIT);
    }

    /** Starts the writer thread and accepts changes. */
    void start() {
        phase = Phase.RUNNING;
        writer = new Thread(this::writeLoop, "peerage-journal");
        writer.setDaemon(false);
        writer.start();
    }

    /** Not ready any more, but still accepting: the first step of a graceful shutdown. */
    void beginDrain() {
        if (phase == Phase.RUNNING) {
            phase = Phase.DRAINING;
            LOG.info("Shutting down: not ready any more, still serving during the shutdown delay");
        }
    }

    /**
     * Refuses new changes, writes every accepted one, waits for the writer to finish and for the answers of the sets
     * written or undone to be delivered ({@link ChangeSet#whenSettled}), in all at most {@code limit}.
     */
    void stop(Duration limit) {
        if (phase == Phase.STOPPED) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        phase = Phase.STOPPING;
        signalAll();
        if (writer != null) {
            try {
                writer.join(limit.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                LOG.errorf(
                        "%d accepted change sets were not written before the drain limit of %d s",
                        backlog(), limit.toSeconds());
            }
        }
        awaitAnswers(deadline, limit);
        timeouts.shutdownNow();
        phase = Phase.STOPPED;
    }

    private void awaitAnswers(long deadline, Duration limit) {
        synchronized (answersLock) {
            while (pendingAnswers > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.errorf(
                            "%d answers of written change sets were not delivered before the drain limit of %d s",
                            pendingAnswers, limit.toSeconds());
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(answersLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Answers registered and not yet delivered. */
    public int pendingAnswers() {
        synchronized (answersLock) {
            return pendingAnswers;
        }
    }

    /**
     * A new change set, with its place in the queue.
     *
     * @throws JournalUnavailableException when the service is stopping or the database has been unavailable for
     *     {@code peerage.journal.unhealthy-after}
     * @throws JournalOverloadedException when the queue is full
     */
    public ChangeSet begin() {
        Phase now = phase;
        if (now != Phase.RUNNING && now != Phase.DRAINING) {
            throw new JournalUnavailableException(
                    now == Phase.NOT_STARTED ? "the service is starting" : "the service is stopping",
                    settings.unhealthyAfter());
        }
        if (unavailableTooLong()) {
            throw unavailable();
        }
        if (!permits.tryAcquire()) {
            throw new JournalOverloadedException("too many changes are waiting to be written", null);
        }
        return new ChangeSet(this);
    }

    /** Writes changes that touch nothing in memory yet, and waits until they are written: write first, then apply. */
    public void write(Change... changes) {
        write(List.of(changes));
    }

    /** Writes changes that touch nothing in memory yet, and waits until they are written. */
    public void write(List<Change> changes) {
        ChangeSet set;
        try (ChangeSet open = begin()) {
            changes.forEach(open::write);
            open.submit();
            set = open;
        }
        set.await();
    }

    void submit(ChangeSet set) {
        lock.lock();
        try {
            if (set.state != ChangeSet.State.OPEN) {
                throw new IllegalStateException("a change set is submitted once");
            }
            set.sequence = ++sequence;
            set.acceptedAt = clock.instant();
            for (String key : set.touched()) {
                ChangeSet before = lastByKey.put(key, set);
                if (before != null && isPending(before) && !before.dependents.contains(set)) {
                    before.dependents.add(set);
                }
            }
            set.state = ChangeSet.State.QUEUED;
            queue.addLast(set);
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    void await(ChangeSet set) {
        try {
            set.outcome.get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (undo(
                    set,
                    ChangeSet.State.QUEUED,
                    "it was not written within " + settings.commitTimeout().toSeconds() + " s; nothing was changed")) {
                throw unwrap(set);
            }
            // Being written: its fate is the transaction's, which has a timeout of its own.
            try {
                set.outcome.join();
            } catch (CompletionException failed) {
                throw rethrow(failed.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            undo(set, ChangeSet.State.QUEUED, "the request was interrupted; nothing was changed");
            throw new JournalUnavailableException("interrupted while waiting for the write", settings.unhealthyAfter());
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Calls {@code answer} once the set is settled, without a thread waiting for it: with null once it is written, with
     * what {@link #await} would throw once it is undone or was still waiting after the commit timeout (the same rules:
     * a set being written is never cancelled). Called on the thread that settles the set, the writer's or the timeout
     * timer's, so it must only hand the answer on; the stage it returns is that delivery, which {@link #stop} waits for.
     */
    void whenSettled(ChangeSet set, Function<RuntimeException, ? extends CompletionStage<?>> answer) {
        lock.lock();
        try {
            if (set.state == ChangeSet.State.OPEN) {
                throw new IllegalStateException("a change set is answered only once it is submitted");
            }
        } finally {
            lock.unlock();
        }
        synchronized (answersLock) {
            pendingAnswers++;
        }
        ScheduledFuture<?> timeout = set.outcome.isDone()
                ? null
                : timeouts.schedule(
                        () -> undo(
                                set,
                                ChangeSet.State.QUEUED,
                                "it was not written within "
                                        + settings.commitTimeout().toSeconds() + " s; nothing was changed"),
                        settings.commitTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
        set.outcome.whenComplete((written, failure) -> {
            if (timeout != null) {
                timeout.cancel(false);
            }
            CompletionStage<?> delivered;
            try {
                delivered = answer.apply(failure == null ? null : rethrow(unwrapCompletion(failure)));
            } catch (Throwable thrown) {
                counted(thrown);
                LOG.error("Handing on the answer of a change set failed", thrown);
                answerDelivered();
                return;
            }
            delivered.whenComplete((ignored, alsoIgnored) -> answerDelivered());
        });
    }

    private void answerDelivered() {
        synchronized (answersLock) {
            pendingAnswers--;
            answersLock.notifyAll();
        }
    }

    private static Throwable unwrapCompletion(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    void abandon(ChangeSet set) {
        lock.lock();
        try {
            if (set.state != ChangeSet.State.OPEN) {
                return;
            }
            set.state = ChangeSet.State.UNDONE;
            runInverses(set);
        } finally {
            lock.unlock();
        }
        permits.release();
    }

    private RuntimeException unwrap(ChangeSet set) {
        try {
            set.outcome.join();
            return new IllegalStateException("an undone change set completed");
        } catch (CompletionException e) {
            return rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("journal write failed", cause);
    }

    // --- state, for health checks ----------------------------------------------------------------------------------

    public Phase phase() {
        return phase;
    }

    public int capacity() {
        return settings.capacity();
    }

    /** Change sets accepted and not yet written or undone. */
    public int backlog() {
        return settings.capacity() - permits.availablePermits();
    }

    /** Whether the queue has room. */
    public boolean hasRoom() {
        return permits.availablePermits() > 0;
    }

    /** Since when the database has been unavailable, if it is. */
    public Optional<Instant> unavailableSince() {
        return Optional.ofNullable(unavailableSince);
    }

    /** Whether the database has been unavailable for {@code peerage.journal.unhealthy-after} or longer. */
    public boolean unavailableTooLong() {
        Instant since = unavailableSince;
        return since != null && Duration.between(since, clock.instant()).compareTo(settings.unhealthyAfter()) >= 0;
    }

    public Duration unhealthyAfter() {
        return settings.unhealthyAfter();
    }

    /** How long the oldest set waiting or being written has waited; zero when there is none. */
    public Duration oldestWaiting() {
        lock.lock();
        try {
            Instant oldest = null;
            for (ChangeSet set : writing) {
                oldest = earlier(oldest, set.acceptedAt);
            }
            for (ChangeSet set : queue) {
                if (set.state == ChangeSet.State.QUEUED) {
                    oldest = earlier(oldest, set.acceptedAt);
                    break;
                }
            }
            return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the writer thread runs (or, before start and after stop, has no reason to). */
    public boolean writerAlive() {
        Phase now = phase;
        if (now == Phase.NOT_STARTED || now == Phase.STOPPED) {
            return true;
        }
        return writer != null && writer.isAlive();
    }

    /** Errors ({@link Error}) thrown in the writer since start: after one, a restart may help. */
    public long errors() {
        return errors.get();
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    // --- the writer ------------------------------------------------------------------------------------------------

    private void writeLoop() {
        int pauses = 0;
        while (true) {
            List<ChangeSet> batch = List.of();
            try {
                if (unavailableSince != null) {
                    pauses = waitForDatabase(pauses);
                    continue;
                }
                pauses = 0;
                batch = take();
                if (batch == null) {
                    LOG.info("Journal drained: every accepted change set was written or undone");
                    return;
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
            } catch (Throwable failure) {
                // Nothing thrown may end the writer: the sets it held are undone, and it goes on with the next.
                counted(failure);
                LOG.error("The journal's writer failed outside a transaction; its sets are undone", failure);
                failAll(batch, "the journal's writer failed: " + describe(failure));
            }
        }
    }

    /** The next batch, marked as being written; empty when none came in a while, null when stopped and drained. */
    private List<ChangeSet> take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (phase == Phase.STOPPING || phase == Phase.STOPPED) {
                    if (phase == Phase.STOPPED || permits.availablePermits() == settings.capacity()) {
                        return null;
                    }
                    // Sets admitted before the stop may still be submitted.
                    queued.await(10, TimeUnit.MILLISECONDS);
                    return List.of();
                }
                if (!queued.await(1, TimeUnit.SECONDS)) {
                    return List.of();
                }
            }
            List<ChangeSet> batch = new ArrayList<>(Math.min(queue.size(), settings.batchSize()));
            while (!queue.isEmpty() && batch.size() < settings.batchSize()) {
                ChangeSet set = queue.pollFirst();
                if (set.state == ChangeSet.State.QUEUED) {
                    set.state = ChangeSet.State.WRITING;
                    batch.add(set);
                }
            }
            writing.addAll(batch);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a batch in one transaction. When that fails because of a change, each set is written on its own, so that
     * only the set at fault (and the later ones that touch what it touches) is undone. When the database is
     * unavailable, the batch goes back to the head of the queue and the writer waits for the database.
     */
    private void writeBatch(List<ChangeSet> batch) {
        Throwable failure = tryCommit(batch);
        if (failure == null) {
            written(batch);
            return;
        }
        WriteFault fault = counted(failure);
        if (fault == WriteFault.DATABASE_UNAVAILABLE) {
            unavailable(failure, batch);
            return;
        }
        LOG.warnf("Writing %d change sets failed (%s); writing them one by one", batch.size(), describe(failure));
        for (int i = 0; i < batch.size(); i++) {
            ChangeSet set = batch.get(i);
            if (set.state != ChangeSet.State.WRITING) {
                continue; // undone with an earlier one
            }
            Throwable alone = tryCommit(List.of(set));
            if (alone == null) {
                written(List.of(set));
                continue;
            }
            WriteFault own = counted(alone);
            if (own == WriteFault.DATABASE_UNAVAILABLE) {
                unavailable(alone, batch.subList(i, batch.size()));
                return;
            }
            LOG.errorf(alone, "A change set could not be written (%s) and is undone", own.tag());
            undo(set, ChangeSet.State.WRITING, "it could not be written: " + describe(alone));
        }
    }

    private Throwable tryCommit(List<ChangeSet> sets) {
        List<Change> changes = new ArrayList<>();
        for (ChangeSet set : sets) {
            changes.addAll(set.changes());
        }
        try {
            database.commit(changes);
            return null;
        } catch (Throwable failure) {
            return failure;
        }
    }

    private void written(List<ChangeSet> sets) {
        lock.lock();
        try {
            for (ChangeSet set : sets) {
                set.state = ChangeSet.State.WRITTEN;
                forget(set);
                // Memory that waited for the write, such as uplink given back, in the order of the writes.
                for (Runnable action : set.afterWriteActions()) {
                    runSafely(action, "an after-write action");
                }
            }
            if (sets.size() == writing.size()) {
                writing.clear(); // the whole batch, as usual
            } else {
                writing.removeAll(sets);
            }
        } finally {
            lock.unlock();
        }
        for (ChangeSet set : sets) {
            permits.release();
            set.outcome.complete(null);
        }
        if (unavailableSince != null) {
            recovered();
        }
    }

    /** The database is unavailable: the sets go back to the head of the queue, in their order. */
    private void unavailable(Throwable failure, List<ChangeSet> sets) {
        if (unavailableSince == null) {
            unavailableSince = clock.instant();
            LOG.errorf("The database is unavailable (%s); writes wait for it", describe(failure));
        }
        lastFailure = describe(failure);
        lock.lock();
        try {
            for (int i = sets.size() - 1; i >= 0; i--) {
                ChangeSet set = sets.get(i);
                if (set.state == ChangeSet.State.WRITING) {
                    set.state = ChangeSet.State.QUEUED;
                    queue.addFirst(set);
                }
            }
            writing.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * While the database is unavailable: after {@code unhealthy-after}, every waiting set is undone and answered at
     * once; the database is probed, with pauses that grow to a second, until it answers.
     */
    private int waitForDatabase(int pauses) throws InterruptedException {
        if (unavailableTooLong()) {
            failQueued("the database has been unavailable since " + unavailableSince + "; nothing was changed");
        }
        if (phase == Phase.STOPPED) {
            failQueued("the service stopped while the database was unavailable; nothing was changed");
            return pauses;
        }
        long pause = Math.min(LONGEST_PAUSE.toMillis(), 50L << Math.min(pauses, 5));
        lock.lock();
        try {
            wake.await(pause, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
        try {
            database.probe();
            recovered();
            return 0;
        } catch (Throwable failure) {
            if (failure instanceof Error) {
                counted(failure);
            }
            lastFailure = describe(failure);
            return pauses + 1;
        }
    }

    private void recovered() {
        Instant since = unavailableSince;
        unavailableSince = null;
        if (since != null) {
            LOG.infof("The database is available again (unavailable since %s)", since);
        }
    }

    private void failQueued(String reason) {
        List<ChangeSet> waiting;
        lock.lock();
        try {
            waiting = new ArrayList<>(queue);
        } finally {
            lock.unlock();
        }
        for (ChangeSet set : waiting) {
            undo(set, ChangeSet.State.QUEUED, reason);
        }
    }

    private void failAll(List<ChangeSet> batch, String reason) {
        for (ChangeSet set : batch) {
            undo(set, ChangeSet.State.WRITING, reason);
        }
    }

    /**
     * Undoes a set that is in the expected state, and every later set that touches what it touches, newest first;
     * their requests get a 503. False when the set was not in that state (written, being written, or undone already).
     */
    private boolean undo(ChangeSet root, ChangeSet.State expected, String reason) {
        List<ChangeSet> undone = new ArrayList<>();
        lock.lock();
        try {
            if (root.state != expected) {
                return false;
            }
            Deque<ChangeSet> toVisit = new ArrayDeque<>();
            toVisit.push(root);
            while (!toVisit.isEmpty()) {
                ChangeSet set = toVisit.pop();
                if (!isPending(set)) {
                    continue;
                }
                set.state = ChangeSet.State.UNDONE;
                forget(set);
                undone.add(set);
                set.dependents.forEach(toVisit::push);
            }
            queue.removeAll(undone);
            writing.removeAll(undone);
            // Newest first, so that every inverse finds memory as its change left it.
            undone.sort(
                    Comparator.comparingLong((ChangeSet set) -> set.sequence).reversed());
            undone.forEach(this::runInverses);
        } finally {
            lock.unlock();
        }
        meters.counter("peerage.journal.undone").increment(undone.size());
        for (ChangeSet set : undone) {
            permits.release();
            String why =
                    set == root ? reason : "an earlier change to the same node or allocation failed (" + reason + ")";
            set.outcome.completeExceptionally(
                    new JournalUnavailableException("the change was undone: " + why, retryAfter()));
        }
        return true;
    }

    private void runInverses(ChangeSet set) {
        List<Runnable> inverses = set.inverses();
        for (int i = inverses.size() - 1; i >= 0; i--) {
            runSafely(inverses.get(i), "undoing a memory change");
        }
    }

    private void runSafely(Runnable action, String what) {
        try {
            action.run();
        } catch (Throwable failure) {
            counted(failure);
            LOG.errorf(failure, "Failed %s", what);
        }
    }

    private static boolean isPending(ChangeSet set) {
        return set.state == ChangeSet.State.QUEUED || set.state == ChangeSet.State.WRITING;
    }

    private void forget(ChangeSet set) {
        for (String key : set.touched()) {
            lastByKey.remove(key, set);
        }
    }

    private WriteFault counted(Throwable failure) {
        WriteFault fault = WriteFault.of(failure);
        meters.counter("peerage.journal.failures", "kind", fault.tag()).increment();
        lastFailure = describe(failure);
        if (fault == WriteFault.ERROR) {
            errors.incrementAndGet();
            lastError = describe(failure);
            LOG.error("An Error was thrown in the journal's writer; it goes on, and liveness is DOWN", failure);
        }
        return fault;
    }

    private JournalUnavailableException unavailable() {
        return new JournalUnavailableException(
                "the database has been unavailable since " + unavailableSince + "; nothing was changed", retryAfter());
    }

    private Duration retryAfter() {
        return settings.unhealthyAfter().isZero() ? Duration.ofSeconds(1) : settings.unhealthyAfter();
    }

    private void signalAll() {
        lock.lock();
        try {
            queued.signalAll();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == failure ? text : failure.getClass().getSimpleName() + " caused by " + text;
    }
}
