package io.peerage.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The numbers of the rule names and codes that decisions name (table {@code decision_term}), so that a decision's
 * rules column lists numbers instead of repeating the names. A number is given once and never changes: it is committed
 * on its own, before any decision row that uses it is written, so a failed or retried journal batch never leaves a row
 * naming a number that does not exist, and a restart finds every number where it was.
 */
@ApplicationScoped
public class DecisionTerms {

    private static final Logger LOG = Logger.getLogger(DecisionTerms.class);

    /** The longest term the table holds; a decision naming a longer one keeps its rules as a JSON list. */
    static final int MAX_LENGTH = 700;

    private final EntityManager entityManager;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();

    DecisionTerms(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The rules column of a decision naming these rules and codes: their numbers as {@code ",3,17,"}, or empty when a
     * term cannot be numbered (too long, or a new term while the database cannot be reached: the decision is then
     * still recorded, through the journal, with its JSON list), and then the caller keeps the JSON list.
     */
    Optional<String> column(Collection<String> terms) {
        StringBuilder column = new StringBuilder(terms.size() * 4 + 1).append(',');
        for (String term : terms) {
            if (term == null || term.length() > MAX_LENGTH) {
                return Optional.empty();
            }
            try {
                column.append(number(term)).append(',');
            } catch (RuntimeException e) {
                LOG.warnf("rule term not numbered (%s): the decision keeps its rules as a JSON list", e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(column.toString());
    }

    /** The pattern that finds a term's number in a rules column, if it has one (else no such row has it). */
    Optional<String> pattern(String term) {
        Integer number = known.get(term);
        if (number == null && term.length() <= MAX_LENGTH) {
            number = QuarkusTransaction.requiringNew().call(() -> find(term, ""));
            if (number != null) {
                known.put(term, number);
            }
        }
        return Optional.ofNullable(number).map(n -> "%," + n + ",%");
    }

    private int number(String term) {
        Integer number = known.get(term);
        if (number != null) {
            return number;
        }
        // Rare: once per term and process. Its own transaction, committed before the decision row is written.
        // A locking read sees the number another writer committed meanwhile, which a plain read of this transaction's
        // snapshot would not.
        number = QuarkusTransaction.requiringNew().call(() -> {
            entityManager
                    .createNativeQuery("insert ignore into decision_term (term) values (?1)")
                    .setParameter(1, term)
                    .executeUpdate();
            return find(term, " lock in share mode");
        });
        if (number == null) {
            throw new IllegalStateException("the term '" + term + "' has no number after it was stored");
        }
        known.put(term, number);
        return number;
    }

    private Integer find(String term, String lock) {
        @SuppressWarnings("unchecked")
        List<Number> found = entityManager
                .createNativeQuery("select id from decision_term where term = ?1" + lock)
                .setParameter(1, term)
                .getResultList();
        return found.isEmpty() ? null : found.get(0).intValue();
    }
}
