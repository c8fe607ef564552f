package io.peerage.policy.check;

import java.util.List;

/**
 * What one rule reads: the getter chains its conditions (and the bindings its consequence uses) read, longest chains
 * only, and whether any of them depends on the clock. Two candidates equal on every chain of every rule get the same
 * verdicts; a rule that reads no clock gives the same verdict until the facts change.
 *
 * <p>The reads are also told apart by use: {@code decides} are the chains that can change whether the rule gives its
 * verdict, or which (conditions, {@code if}s, weights, a value computed in a binding); {@code writes} are the chains
 * that reach only the text of a verdict's message. Two candidates equal on the deciding chains get the same verdicts
 * from the rule; their messages are equal too when they are also equal on the written chains.
 *
 * @param rewritten the written chains that reach the message through something other than concatenation, such as
 *     {@code $parent.toUpperCase()}: only a chain written as itself can be stood in for by a placeholder
 * @param verdicts the verdicts the consequence gives ({@code reject}, {@code prefer}, {@code deny},
 *     {@code lightweight})
 * @param matchesCandidate whether a pattern of the rule, negated or not, matches a {@code Candidate}
 */
public record RuleReads(
        String rule,
        List<FactRead> reads,
        boolean readsClock,
        List<FactRead> decides,
        List<FactRead> writes,
        List<FactRead> rewritten,
        List<String> verdicts,
        boolean matchesCandidate) {

    public RuleReads {
        reads = List.copyOf(reads);
        decides = List.copyOf(decides);
        writes = List.copyOf(writes);
        rewritten = List.copyOf(rewritten);
        verdicts = List.copyOf(verdicts);
    }

    /** The chains read from one fact type, such as every {@code Candidate} property. */
    public List<String> pathsOf(String fact) {
        return reads.stream()
                .filter(read -> read.fact().equals(fact))
                .map(FactRead::path)
                .toList();
    }
}
