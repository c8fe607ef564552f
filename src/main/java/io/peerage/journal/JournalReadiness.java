package io.peerage.journal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when a change would be accepted and written soon: the service is not shutting down, the writer runs, the
 * database has not been unavailable for {@code peerage.journal.unhealthy-after}, the queue has room, and its oldest
 * change has not waited that long either. Otherwise new requests would only get a 503.
 */
@Readiness
@ApplicationScoped
public class JournalReadiness implements HealthCheck {

    private final Journal journal;

    JournalReadiness(Journal journal) {
        this.journal = journal;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> problems = new ArrayList<>();
        Journal.Phase phase = journal.phase();
        if (phase != Journal.Phase.RUNNING) {
            problems.add("the service is "
                    + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        if (!journal.writerAlive()) {
            problems.add("the writer thread is not running");
        }
        if (journal.unavailableTooLong()) {
            problems.add("the database has been unavailable since "
                    + journal.unavailableSince().orElseThrow());
        }
        if (!journal.hasRoom()) {
            problems.add("the write queue is full");
        }
        Duration oldest = journal.oldestWaiting();
        if (oldest.compareTo(journal.unhealthyAfter()) >= 0) {
            problems.add("the oldest change has waited " + oldest.toMillis() + " ms");
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("journal")
                .status(problems.isEmpty())
                .withData("phase", phase.name())
                .withData("backlog", journal.backlog())
                .withData("capacity", journal.capacity())
                .withData("oldestWaitingMs", oldest.toMillis());
        journal.unavailableSince().ifPresent(since -> response.withData("databaseUnavailableSince", since.toString()));
        journal.lastFailure().ifPresent(failure -> response.withData("lastFailure", failure));
        if (!problems.isEmpty()) {
            response.withData("reason", String.join("; ", problems));
        }
        return response.build();
    }
}
