package io.peerage.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A database for the journal's unit tests: a change stages its name, a commit keeps the names of a transaction that
 * went through, and a test can make the database unavailable or hold the writer inside a transaction.
 */
final class FakeDatabase implements JournalDatabase {

    /** Names written, in commit order. */
    final List<String> written = new CopyOnWriteArrayList<>();
    /** How many change sets' changes each commit attempt carried (counted by changes, one per set in these tests). */
    final List<Integer> attempts = new CopyOnWriteArrayList<>();

    private final ThreadLocal<List<String>> staged = new ThreadLocal<>();
    private volatile RuntimeException outage;

    void failEverything(RuntimeException failure) {
        outage = failure;
    }

    void recover() {
        outage = null;
    }

    @Override
    public void commit(List<Change> changes) {
        attempts.add(changes.size());
        if (outage != null) {
            throw outage;
        }
        List<String> names = new ArrayList<>();
        staged.set(names);
        try {
            changes.forEach(change -> change.writeTo(null));
        } finally {
            staged.remove();
        }
        written.addAll(names);
    }

    @Override
    public void probe() {
        if (outage != null) {
            throw outage;
        }
    }

    /** A change that writes its name. */
    Change named(String name) {
        return batch -> staged.get().add(name);
    }

    /** A change that throws. */
    static Change throwing(Throwable failure) {
        return batch -> {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        };
    }

    /** A change that holds the writer inside its transaction until released. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        Change change() {
            return batch -> {
                entered.countDown();
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the writer never reached the gate");
            }
        }

        void release() {
            released.countDown();
        }
    }
}
