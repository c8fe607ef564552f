package io.peerage.content;

import io.peerage.journal.Change;
import io.peerage.journal.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The declared contents, kept in memory for the allocation path and written through the journal. */
@ApplicationScoped
public class ContentCatalog {

    private final Map<String, Content> contents = new ConcurrentHashMap<>();
    private final Journal journal;
    private final Clock clock;

    ContentCatalog(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public Optional<Content> find(String id) {
        return Optional.ofNullable(contents.get(id));
    }

    /** Declares or changes a content; true when it is new. Durable when this returns. */
    public synchronized boolean declare(Content content) {
        boolean created = !contents.containsKey(content.id());
        Instant now = clock.instant();
        journal.write(Change.ofEntities(em -> {
            ContentEntity entity = em.find(ContentEntity.class, content.id());
            if (entity == null) {
                em.persist(new ContentEntity().fill(content, now));
            } else {
                entity.fill(content, now);
            }
        }));
        contents.put(content.id(), content);
        return created;
    }

    /** Puts back a content read from the database on start. */
    public void restore(Content content) {
        contents.put(content.id(), content);
    }

    public int size() {
        return contents.size();
    }
}
