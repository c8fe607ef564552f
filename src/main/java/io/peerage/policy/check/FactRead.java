package io.peerage.policy.check;

/**
 * One property a rule reads, as a getter chain from the fact it matched: {@code node.country} of a {@code Candidate}
 * is {@code getNode().getCountry()}.
 */
public record FactRead(String fact, String path) {

    @Override
    public String toString() {
        return fact + "." + path;
    }
}
