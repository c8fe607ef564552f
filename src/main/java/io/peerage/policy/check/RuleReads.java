package io.peerage.policy.check;

import java.util.List;

/**
 * What one rule reads: the getter chains its conditions (and the bindings its consequence uses) read, longest chains
 * only, and whether any of them depends on the clock. Two candidates equal on every chain of every rule get the same
 * verdicts; a rule that reads no clock gives the same verdict until the facts change.
 */
public record RuleReads(String rule, List<FactRead> reads, boolean readsClock) {

    public RuleReads {
        reads = List.copyOf(reads);
    }

    /** The chains read from one fact type, such as every {@code Candidate} property. */
    public List<String> pathsOf(String fact) {
        return reads.stream()
                .filter(read -> read.fact().equals(fact))
                .map(FactRead::path)
                .toList();
    }
}
