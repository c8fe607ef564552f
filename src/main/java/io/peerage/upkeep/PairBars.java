package io.peerage.upkeep;

import io.peerage.allocation.BarredPairs;
import io.peerage.journal.Change;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pairs of a child and a parent that could not connect: not paired again for {@code peerage.repair.pair-bar}, by an
 * allocation, a re-ask or a repair. Kept in memory for the pipeline and in the {@code pair_bar} table through the
 * journal, so that a restart keeps them; a bar that has run out is ignored at once and pruned by the sweep.
 */
@ApplicationScoped
public class PairBars implements BarredPairs {

    private static final Logger LOG = Logger.getLogger(PairBars.class);

    /**
     * One barred pair.
     *
     * @param allocationId the allocation whose connection failed
     * @param detail what the reporter said, if anything
     */
    public record Bar(
            String childId, String parentId, Instant until, String allocationId, String detail, Instant barredAt) {

        /** Why the parent is not given to the child, and until when. */
        public String sentence() {
            return parentId + " is barred for " + childId + " until " + until + ": their connection failed at "
                    + barredAt + " (allocation " + allocationId + ")";
        }
    }

    private final Journal journal;
    private final EntityManager entityManager;
    private final Clock clock;
    private final Duration length;
    /** By child, then by parent; each inner map is replaced, never changed, so readers need no lock. */
    private final Map<String, Map<String, Bar>> byChild = new ConcurrentHashMap<>();

    PairBars(
            Journal journal,
            EntityManager entityManager,
            Clock clock,
            @ConfigProperty(name = "peerage.repair.pair-bar", defaultValue = "10m") Duration length) {
        this.journal = journal;
        this.entityManager = entityManager;
        this.clock = clock;
        this.length = length;
    }

    /** How long a failed pair stays barred. */
    public Duration length() {
        return length;
    }

    @Override
    public Map<String, String> barredFor(String childId, Instant now) {
        Map<String, Bar> bars = byChild.get(childId);
        if (bars == null) {
            return Map.of();
        }
        Map<String, String> barred = new HashMap<>();
        bars.forEach((parentId, bar) -> {
            if (bar.until().isAfter(now)) {
                barred.put(parentId, bar.sentence());
            }
        });
        return barred;
    }

    /** The bar on a pair at {@code now}, if it has one. */
    public Optional<Bar> bar(String childId, String parentId, Instant now) {
        return Optional.ofNullable(byChild.getOrDefault(childId, Map.of()).get(parentId))
                .filter(bar -> bar.until().isAfter(now));
    }

    /**
     * Bars a pair from {@code now} for the configured time, within the caller's change set: in memory at once, undone
     * with the set, written with it. A pair barred already is barred again from now.
     */
    public Bar bar(String childId, String parentId, String allocationId, String detail, Instant now, ChangeSet set) {
        Bar bar = new Bar(childId, parentId, now.plus(length), allocationId, detail, now);
        Bar previous = put(bar);
        set.undo(() -> {
            if (previous == null) {
                remove(childId, parentId, bar);
            } else {
                put(previous);
            }
        });
        set.write(Change.ofEntities(em -> {
            PairBarEntity found = em.find(PairBarEntity.class, new PairBarEntity.Key(childId, parentId));
            PairBarEntity row = found == null ? new PairBarEntity() : found;
            row.key = new PairBarEntity.Key(childId, parentId);
            row.barredUntil = bar.until();
            row.allocationId = allocationId;
            row.detail = detail;
            row.createdAt = now;
            if (found == null) {
                em.persist(row);
            }
        }));
        return bar;
    }

    /** Pairs barred now, over every child. */
    public int count() {
        Instant now = clock.instant();
        int count = 0;
        for (Map<String, Bar> bars : byChild.values()) {
            for (Bar bar : bars.values()) {
                if (bar.until().isAfter(now)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The sweep's part: forgets the bars that ran out and deletes their rows, without waiting for the database (a row
     * left behind is ignored, and deleted by a later pass or the next start). Returns how many were forgotten.
     */
    public int prune(Instant now) {
        int pruned = 0;
        for (Map<String, Bar> bars : byChild.values()) {
            for (Bar bar : bars.values()) {
                if (!bar.until().isAfter(now) && remove(bar.childId(), bar.parentId(), bar)) {
                    pruned++;
                }
            }
        }
        if (pruned > 0) {
            try (ChangeSet set = journal.begin()) {
                set.write(Change.ofEntities(em -> deleteUntil(em, now)));
                set.submit();
            } catch (JournalOverloadedException | JournalUnavailableException e) {
                LOG.debugf("Bars that ran out stay in the database for now: %s", e.getMessage());
            }
        }
        return pruned;
    }

    /** On start, after the swarm: the bars still running are read back, the others deleted. */
    void onStart(@Observes @Priority(30) StartupEvent event) {
        restore();
    }

    /** Reads the bars back from the database, as on start: what memory held is replaced. */
    public void restore() {
        Instant now = clock.instant();
        List<PairBarEntity> rows = QuarkusTransaction.requiringNew().call(() -> {
            deleteUntil(entityManager, now);
            return entityManager
                    .createQuery("from PairBarEntity where barredUntil > :now", PairBarEntity.class)
                    .setParameter("now", now)
                    .getResultList();
        });
        byChild.clear();
        for (PairBarEntity row : rows) {
            put(new Bar(
                    row.key.childId(),
                    row.key.parentId(),
                    row.barredUntil,
                    row.allocationId,
                    row.detail,
                    row.createdAt));
        }
        LOG.infof("Pair bars restored: %d", rows.size());
    }

    private static void deleteUntil(EntityManager em, Instant now) {
        em.createQuery("delete from PairBarEntity where barredUntil <= :now")
                .setParameter("now", now)
                .executeUpdate();
    }

    private Bar put(Bar bar) {
        Bar[] previous = new Bar[1];
        byChild.compute(bar.childId(), (child, bars) -> {
            Map<String, Bar> next = bars == null ? new LinkedHashMap<>() : new LinkedHashMap<>(bars);
            previous[0] = next.put(bar.parentId(), bar);
            return Map.copyOf(next);
        });
        return previous[0];
    }

    /** Removes this very bar (not a newer one of the same pair); true when it was there. */
    private boolean remove(String childId, String parentId, Bar bar) {
        boolean[] removed = new boolean[1];
        byChild.computeIfPresent(childId, (child, bars) -> {
            if (!bar.equals(bars.get(parentId))) {
                return bars;
            }
            removed[0] = true;
            Map<String, Bar> next = new HashMap<>(bars);
            next.remove(parentId);
            return next.isEmpty() ? null : Map.copyOf(next);
        });
        return removed[0];
    }
}
