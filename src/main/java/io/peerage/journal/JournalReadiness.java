package io.peerage.journal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the service is stopping or its write queue is full: new requests would only get a 503. */
@Readiness
@ApplicationScoped
public class JournalReadiness implements HealthCheck {

    private final Journal journal;

    JournalReadiness(Journal journal) {
        this.journal = journal;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("journal")
                .status(journal.isAccepting())
                .withData("backlog", journal.backlog())
                .withData("capacity", journal.capacity())
                .build();
    }
}
