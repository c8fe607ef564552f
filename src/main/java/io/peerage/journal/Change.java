package io.peerage.journal;

import jakarta.persistence.EntityManager;
import java.util.function.Consumer;

/**
 * One durable change, applied by the journal's writer inside the transaction of a batch. A change may be applied more
 * than once (a failed batch is tried again), so it must not change anything but the batch it is given.
 */
@FunctionalInterface
public interface Change {

    void writeTo(Batch batch);

    /** A change made through JPA entities. */
    static Change ofEntities(Consumer<EntityManager> change) {
        return batch -> change.accept(batch.entityManager());
    }
}
