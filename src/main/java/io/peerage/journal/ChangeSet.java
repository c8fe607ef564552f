package io.peerage.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The changes of one request, made in memory at once and written by the journal later:
 *
 * <ul>
 *   <li>the durable changes to write ({@link #write}),
 *   <li>the inverse of every memory change made so far ({@link #undo}), run newest first if the set is not written,
 *   <li>memory changes that may only follow the write ({@link #afterWrite}), such as giving uplink back: until the
 *       set is written memory keeps the more careful state, so undoing never has to take anything back from others,
 *   <li>the nodes and allocations it touches: a set that cannot be written is undone together with every later set
 *       that touches one of the same.
 * </ul>
 *
 * <p>Taken with {@link Journal#begin()}, which takes its place in the queue, so that a full queue or an unavailable
 * database refuses a request before anything changes. Closing a set that was not submitted undoes it.
 */
public final class ChangeSet implements AutoCloseable {

    enum State {
        /** Being made by its request. */
        OPEN,
        /** Waiting for the writer; a timeout may still cancel it. */
        QUEUED,
        /** In a transaction of the writer: it is written or it fails, a timeout no longer cancels it. */
        WRITING,
        WRITTEN,
        UNDONE
    }

    private final Journal journal;
    private final List<Change> changes = new ArrayList<>();
    private final List<Runnable> inverses = new ArrayList<>();
    private final List<Runnable> afterWrite = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    final CompletableFuture<Void> outcome = new CompletableFuture<>();

    // Guarded by the journal's lock.
    State state = State.OPEN;
    long sequence;
    Instant acceptedAt;
    final List<ChangeSet> dependents = new ArrayList<>();

    ChangeSet(Journal journal) {
        this.journal = journal;
    }

    /** A durable change, written in the set's transaction. */
    public ChangeSet write(Change change) {
        requireOpen();
        changes.add(change);
        return this;
    }

    /** The inverse of a memory change just made, run if the set is not written. */
    public ChangeSet undo(Runnable inverse) {
        requireOpen();
        inverses.add(inverse);
        return this;
    }

    /** A memory change made only once the set is written, such as giving back uplink. */
    public ChangeSet afterWrite(Runnable action) {
        requireOpen();
        afterWrite.add(action);
        return this;
    }

    /** The set changes this node: later sets that touch it follow this one's fate. */
    public ChangeSet touchNode(String nodeId) {
        requireOpen();
        touched.add("node:" + nodeId);
        return this;
    }

    /** The set changes this allocation: later sets that touch it follow this one's fate. */
    public ChangeSet touchAllocation(String allocationId) {
        requireOpen();
        touched.add("allocation:" + allocationId);
        return this;
    }

    /** Queues the set for the writer; from now on the journal decides its fate. */
    public void submit() {
        journal.submit(this);
    }

    /**
     * Waits until the set is written.
     *
     * @throws JournalUnavailableException when it was undone (nothing of it stays, in memory or in the database), or
     *     when it was still waiting after the commit timeout (then it is cancelled and undone)
     */
    public void await() {
        journal.await(this);
    }

    /**
     * Calls {@code answer} once the set is written (with null) or undone (with what {@link #await} would throw), on
     * the thread that settles it, instead of waiting here; see {@link Journal#whenSettled}. Only after {@link #submit}.
     */
    public void whenSettled(Function<RuntimeException, ? extends CompletionStage<?>> answer) {
        journal.whenSettled(this, answer);
    }

    /** Undoes a set that was never submitted (the request failed on its way); does nothing otherwise. */
    @Override
    public void close() {
        journal.abandon(this);
    }

    List<Change> changes() {
        return changes;
    }

    Set<String> touched() {
        return touched;
    }

    List<Runnable> inverses() {
        return inverses;
    }

    List<Runnable> afterWriteActions() {
        return afterWrite;
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("a change set is changed only until it is submitted");
        }
    }
}
