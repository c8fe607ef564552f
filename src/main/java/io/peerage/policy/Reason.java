package io.peerage.policy;

/**
 * Why a candidate was rejected, or a request denied: the rule or engine check, what it is about, and a message for
 * people. A SOFT reason that was lifted to find a parent stays on record with {@code relaxed} set.
 */
public record Reason(
        String code,
        String rule,
        PolicyKind policyKind,
        Strictness strictness,
        int rank,
        String label,
        String message,
        boolean relaxed) {

    public static Reason of(RuleMetadata rule, String message) {
        return new Reason(
                rule.code(), rule.name(), rule.kind(), rule.strictness(), rule.rank(), rule.label(), message, false);
    }

    /** The same reason in other words, such as another candidate's id in place of a stand-in's. */
    public Reason withMessage(String text) {
        return text.equals(message) ? this : new Reason(code, rule, policyKind, strictness, rank, label, text, relaxed);
    }

    public Reason asRelaxed() {
        return new Reason(code, rule, policyKind, strictness, rank, label, message, true);
    }
}
