package io.peerage.allocation;

import java.time.Instant;
import java.util.Map;

/**
 * Parents that a child must not be given for a while (their pair could not connect), each with the sentence that says
 * why and until when. Every pass of the pipeline for a child excludes them: an allocation, a re-ask and a repair.
 */
public interface BarredPairs {

    /** The parents barred for a child at {@code now}, by id, each with why and until when; empty when none. */
    Map<String, String> barredFor(String childId, Instant now);
}
