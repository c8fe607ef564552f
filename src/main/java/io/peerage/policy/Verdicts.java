package io.peerage.policy;

import io.peerage.node.Classification.ClassificationReason;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ClassificationRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rules decide, collected for one session. Rules reach it as the global {@code verdicts}; every call is recorded
 * against the rule that is firing, with that rule's metadata, so no verdict is ever anonymous.
 */
public final class Verdicts {

    /** The name under which rule files declare this global. */
    public static final String GLOBAL = "verdicts";

    private final Map<String, RuleMetadata> rules;
    private RuleMetadata firing;
    private final Map<String, List<Reason>> rejections = new LinkedHashMap<>();
    private final Map<String, List<Preference>> preferences = new HashMap<>();
    private final List<Reason> denials = new ArrayList<>();
    private final List<ClassificationReason> lightweightReasons = new ArrayList<>();

    Verdicts(Map<String, RuleMetadata> rules) {
        this.rules = rules;
    }

    /** Rejects a candidate with a message for people; the rule's metadata says how strict that is. */
    public void reject(Candidate candidate, String message) {
        RuleMetadata rule = firing();
        List<Reason> reasons = rejections.computeIfAbsent(candidate.getId(), id -> new ArrayList<>());
        if (!givenBy(reasons, rule)) {
            reasons.add(Reason.of(rule, message));
        }
    }

    /**
     * Ranks a candidate higher by {@code weight} points (lower when negative), with a message for people. A rule
     * counts once per candidate.
     */
    public void prefer(Candidate candidate, int weight, String message) {
        RuleMetadata rule = firing();
        List<Preference> given = preferences.computeIfAbsent(candidate.getId(), id -> new ArrayList<>());
        // One preference per rule and candidate, however many matches lead to it.
        if (!preferredBy(given, rule)) {
            given.add(new Preference(rule.code(), rule.name(), weight, message));
        }
    }

    /** Denies the whole request: no parent at all, such as for content not licensed where the child is. */
    public void deny(String message) {
        RuleMetadata rule = firing();
        if (!givenBy(denials, rule)) {
            denials.add(Reason.of(rule, message));
        }
    }

    /** Classifies the node being joined as lightweight, with a message for people. */
    public void lightweight(ClassificationRequest request, String message) {
        RuleMetadata rule = firing();
        lightweightReasons.add(new ClassificationReason(rule.code(), rule.name(), message));
    }

    void enter(String ruleName) {
        firing = rules.get(ruleName);
    }

    Map<String, List<Reason>> rejections() {
        return rejections;
    }

    Map<String, List<Preference>> preferences() {
        return preferences;
    }

    List<Reason> denials() {
        return denials;
    }

    List<ClassificationReason> lightweightReasons() {
        return lightweightReasons;
    }

    // Loops rather than streams: these run for every firing.
    private static boolean givenBy(List<Reason> reasons, RuleMetadata rule) {
        for (Reason reason : reasons) {
            if (reason.rule().equals(rule.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean preferredBy(List<Preference> preferences, RuleMetadata rule) {
        for (Preference preference : preferences) {
            if (preference.rule().equals(rule.name())) {
                return true;
            }
        }
        return false;
    }

    private RuleMetadata firing() {
        if (firing == null) {
            throw new IllegalStateException("verdicts may only be given from a rule's consequence");
        }
        return firing;
    }
}
