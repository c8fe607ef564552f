package io.peerage.journal;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The journal's writes through Hibernate and JDBC, each batch in a transaction of its own. */
@ApplicationScoped
class JpaJournalDatabase implements JournalDatabase {

    /** Every table that changes go to: a probe that reads none of their rows still fails when one is missing. */
    private static final String PROBE = "select 1 from node, content, holding, allocation, decision limit 0";

    private final EntityManager entityManager;
    private final int timeoutSeconds;

    JpaJournalDatabase(
            EntityManager entityManager,
            @ConfigProperty(name = "peerage.journal.commit-timeout", defaultValue = "10s") Duration commitTimeout) {
        this.entityManager = entityManager;
        // A transaction that hangs is aborted, so that a request waiting for a set being written gets its answer.
        this.timeoutSeconds = (int) Math.max(1, commitTimeout.toSeconds());
    }

    @Override
    public void commit(List<Change> changes) {
        QuarkusTransaction.requiringNew().timeout(timeoutSeconds).run(() -> {
            Batch batch = new Batch(entityManager);
            changes.forEach(change -> change.writeTo(batch));
            batch.writeAll();
        });
    }

    @Override
    public void probe() {
        QuarkusTransaction.requiringNew()
                .timeout(timeoutSeconds)
                .run(() -> entityManager.createNativeQuery(PROBE).getResultList());
    }
}
