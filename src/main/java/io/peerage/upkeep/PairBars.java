package io.peerage.upkeep;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Pairs of a child and a parent that must not be paired again for a while: a repair excludes them. Pairs are barred
 * by connection outcomes (not yet: nothing bars a pair today, so every child has none).
 */
@ApplicationScoped
public class PairBars {

    /** The parents barred for a child at {@code now}, each with the sentence that says why and until when. */
    public Map<String, String> barredFor(String childId, Instant now) {
        return Map.of();
    }
}
