package io.peerage.policy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Deciding once per class of candidates ({@code peerage.policy.class-cache-size}): within one evaluation, the rules run
 * for one stand-in of each class of candidates (see {@link CandidateClasses}) and every candidate of the class gets its
 * verdicts. The classes live only as long as the evaluation, under the one policy version it runs, so a swap has
 * nothing to clear and no request sees another's facts.
 *
 * @param size the most classes one evaluation keeps; an evaluation with more candidates in more classes than that is
 *     evaluated candidate by candidate, as is every evaluation when the size is 0
 */
public record ClassCache(int size, AtomicLong hits, AtomicLong misses) {

    /** The default size: more than the shortlist and the certainly rejected slots of a request together. */
    public static final int DEFAULT_SIZE = 256;

    /** On, for sets the engine has not activated: a simulation or a test. */
    public static final ClassCache DEFAULT = of(DEFAULT_SIZE);

    /** Off: every candidate is evaluated on its own. */
    public static final ClassCache OFF = of(0);

    public ClassCache {
        if (size < 0) {
            throw new IllegalArgumentException("peerage.policy.class-cache-size must be 0 or more, not " + size);
        }
    }

    public static ClassCache of(int size) {
        return new ClassCache(size, new AtomicLong(), new AtomicLong());
    }

    public boolean on() {
        return size > 0;
    }

    /** Candidates that took their class's verdicts without an evaluation of their own. */
    public long hitCount() {
        return hits.get();
    }

    /** Stand-ins evaluated: one for each class, and one for each candidate of an evaluation that was not classed. */
    public long missCount() {
        return misses.get();
    }
}
