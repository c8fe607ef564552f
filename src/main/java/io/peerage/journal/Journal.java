package io.peerage.journal;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes state changes durable in batches: many requests' changes go into one transaction, and each request answers
 * only once its own changes are committed. The queue is bounded; when it is full the request is refused at once
 * ({@link JournalOverloadedException}) rather than queued without end. On shutdown everything accepted is written.
 *
 * <p>One writer thread means one order: changes reach the database in the order they were accepted.
 */
@ApplicationScoped
public class Journal {

    private static final Logger LOG = Logger.getLogger(Journal.class);

    private final EntityManager entityManager;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    private final int capacity;
    private final int batchSize;
    private final Duration commitTimeout;
    private volatile boolean accepting;
    private volatile boolean stopping;
    private Thread writer;

    private record Pending(List<Change> changes, CompletableFuture<Void> committed) {}

    Journal(
            EntityManager entityManager,
            @ConfigProperty(name = "peerage.journal.capacity", defaultValue = "20000") int capacity,
            @ConfigProperty(name = "peerage.journal.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "peerage.journal.commit-timeout", defaultValue = "10s") Duration commitTimeout) {
        this.entityManager = entityManager;
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
        this.batchSize = batchSize;
        this.commitTimeout = commitTimeout;
    }

    void onStart(@Observes StartupEvent event) {
        onStartAccepting();
        writer = new Thread(this::writeLoop, "peerage-journal");
        writer.setDaemon(false);
        writer.start();
    }

    /** Opens the queue; the writer thread is started separately on startup. */
    void onStartAccepting() {
        accepting = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        accepting = false;
        stopping = true;
        if (writer != null) {
            try {
                writer.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the changes, in one transaction with others, and waits until they are committed.
     *
     * @throws JournalOverloadedException when the queue is full, or the commit took longer than the timeout
     */
    public void write(Change... changes) {
        await(append(List.of(changes)));
    }

    /**
     * Waits until changes queued by {@link #append} are committed.
     *
     * @throws JournalOverloadedException when the commit took longer than the timeout
     */
    public void await(CompletableFuture<Void> committed) {
        try {
            committed.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JournalOverloadedException(
                    "the change was accepted but the database did not confirm it within " + commitTimeout.toSeconds()
                            + " s; it will be written when the database answers",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalOverloadedException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("journal write failed", e.getCause());
        }
    }

    /**
     * A place in the queue, taken before a request changes anything in memory, so that a full queue refuses the
     * request while nothing has changed yet. Closing an unused admission gives the place back.
     */
    public final class Admission implements AutoCloseable {
        private boolean used;

        private Admission() {}

        @Override
        public void close() {
            if (!used) {
                used = true;
                permits.release();
            }
        }
    }

    /**
     * Takes a place in the queue.
     *
     * @throws JournalOverloadedException when the queue is full or the service is stopping
     */
    public Admission admit() {
        if (!accepting) {
            throw new JournalOverloadedException("the service is stopping", null);
        }
        if (!permits.tryAcquire()) {
            throw new JournalOverloadedException("too many changes are waiting to be written", null);
        }
        return new Admission();
    }

    /** Queues changes in the place an admission holds; the future completes when they are committed. */
    public CompletableFuture<Void> append(Admission admission, List<Change> changes) {
        if (admission.used) {
            throw new IllegalStateException("an admission queues one set of changes");
        }
        admission.used = true;
        Pending pending = new Pending(changes, new CompletableFuture<>());
        queue.add(pending);
        return pending.committed();
    }

    /** Queues changes and returns at once; the future completes when they are committed. */
    public CompletableFuture<Void> append(List<Change> changes) {
        try (Admission admission = admit()) {
            return append(admission, changes);
        }
    }

    /** Whether a change would be accepted now: the service is running and the queue has room. */
    public boolean isAccepting() {
        return accepting && permits.availablePermits() > 0;
    }

    public int capacity() {
        return capacity;
    }

    /** Changes accepted but not yet committed. */
    public int backlog() {
        return capacity - permits.availablePermits();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Pending first = stopping ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        if (stopping) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                commitWithRetries(batch);
                batch.clear();
            } catch (InterruptedException e) {
                // Shutdown: stop waiting for more, finish what was accepted.
                stopping = true;
            }
        }
    }

    /**
     * A failed batch is tried again, then each request's changes on their own, so that one bad change fails only its
     * own request and a database blip fails none.
     */
    private void commitWithRetries(List<Pending> batch) {
        if (tryCommit(batch)) {
            batch.forEach(pending -> done(pending, null));
            return;
        }
        for (Pending pending : batch) {
            try {
                retrying(List.of(pending));
                done(pending, null);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Giving up on a change after %d attempts", ATTEMPTS);
                done(pending, e);
            }
        }
    }

    private static final int ATTEMPTS = 3;

    private void done(Pending pending, RuntimeException failure) {
        permits.release();
        if (failure == null) {
            pending.committed().complete(null);
        } else {
            pending.committed().completeExceptionally(failure);
        }
    }

    private boolean tryCommit(List<Pending> batch) {
        try {
            retrying(batch);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void retrying(List<Pending> batch) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                commit(batch);
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("Writing %d change sets failed (attempt %d of %d): %s", batch.size(), attempt, ATTEMPTS, e);
                pause(attempt);
            }
        }
        throw last;
    }

    private void commit(List<Pending> batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            Batch changes = new Batch(entityManager);
            for (Pending pending : batch) {
                pending.changes().forEach(change -> change.writeTo(changes));
            }
            changes.writeAll();
        });
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
