package io.peerage.journal;

import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * The changes of one transaction: entity changes go through the entity manager; rows written by the hundred go into
 * {@link RowGroup}s, written after the entity changes are flushed. Groups are written in the order they were first
 * used; the tables they write have no constraints between each other or with the entities'.
 */
public final class Batch {

    private final EntityManager entityManager;
    private final Map<Class<?>, RowGroup> groups = new LinkedHashMap<>();

    Batch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public EntityManager entityManager() {
        return entityManager;
    }

    /** The batch's group of a kind, created on first use. */
    public <G extends RowGroup> G group(Class<G> kind, Supplier<G> create) {
        return kind.cast(groups.computeIfAbsent(kind, k -> create.get()));
    }

    void writeAll() {
        entityManager.flush();
        if (!groups.isEmpty()) {
            entityManager.unwrap(Session.class).doWork(connection -> {
                for (RowGroup group : groups.values()) {
                    group.write(connection);
                }
            });
        }
    }
}
