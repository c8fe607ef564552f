package io.peerage.journal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when a restart would help: an {@link Error} (out of memory, a stack overflow) was thrown in the journal's
 * writer, or the writer thread is gone. A database that is away is not a reason: a restart would not bring it back,
 * and the journal recovers by itself when it returns.
 */
@Liveness
@ApplicationScoped
public class JournalLiveness implements HealthCheck {

    private final Journal journal;

    JournalLiveness(Journal journal) {
        this.journal = journal;
    }

    @Override
    public HealthCheckResponse call() {
        boolean alive = journal.writerAlive();
        long errors = journal.errors();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("journal-writer")
                .status(alive && errors == 0)
                .withData("writerAlive", alive)
                .withData("errors", errors);
        journal.lastError().ifPresent(error -> response.withData("lastError", error));
        return response.build();
    }
}
