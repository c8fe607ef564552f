package io.peerage.journal;

import java.util.List;

/** Where the journal writes: one transaction per call. Replaced by a fake in the journal's unit tests. */
public interface JournalDatabase {

    /** Applies the changes in one new transaction and commits it; throws whatever the database threw. */
    void commit(List<Change> changes);

    /** Throws unless the database answers and every table the journal writes is there. */
    void probe();
}
