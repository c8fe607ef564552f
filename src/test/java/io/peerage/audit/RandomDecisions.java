package io.peerage.audit;

import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.Strictness;
import io.peerage.swarm.HolderPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Varied decisions, the same for a given seed: a random policy version (rules with their metadata, some of them
 * engine checks the version does not know), a random swarm (node ids of several shapes, some inside others, some with
 * the characters a template uses), and decisions of every outcome with every part of an explanation: denials,
 * relaxations, preferences, scores with the ranker's parts or other parts, nulls where a record allows them, notes,
 * not-examined holders by part.
 */
final class RandomDecisions {

    private static final List<String> SCORE_PARTS = List.of(
            "peer", "infrastructure", "sameIsp", "sameAsn", "near", "spareUplink", "quality", "holding", "policy");

    private final Random random;
    private final int version;

    /** Whether nulls and odd characters appear where the records allow them but the pipeline leaves none. */
    private final boolean odd;

    /** Only what the pipeline records: no null where the pipeline never leaves one. */
    static boolean recordable(Decision decision) {
        java.nio.charset.CharsetEncoder latin1 = java.nio.charset.StandardCharsets.ISO_8859_1.newEncoder();
        return decision.allocationId() != null
                && decision.decidedAt() != null
                && decision.summary() != null
                // The tables' columns hold Latin-1: ids and the summary line are searched and listed from them.
                && latin1.canEncode(decision.summary())
                && latin1.canEncode(decision.childId())
                && latin1.canEncode(decision.contentId())
                && decision.outcome() != null
                && decision.summary() != null
                && decision.relaxedPolicies() != null
                && decision.denials() != null
                && decision.candidates() != null
                && decision.candidates().stream()
                        .allMatch(c -> c != null
                                && c.nodeId() != null
                                && latin1.canEncode(c.nodeId())
                                && c.reasons() != null
                                && c.preferences() != null
                                && !c.reasons().contains(null));
    }

    private final List<RuleMetadata> rules = new ArrayList<>();
    private final List<RuleMetadata> engineChecks = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final List<String> contents = new ArrayList<>();

    RandomDecisions(long seed) {
        this(seed, -1, List.of(), true);
    }

    /** Decisions as the pipeline records them (no odd shapes) under the given version and its rules. */
    static RandomDecisions recordable(long seed, int version, List<RuleMetadata> versionRules) {
        return new RandomDecisions(seed, version, versionRules, false);
    }

    /** Decisions made under a given version with its rules; a random version of random rules when {@code version} is -1. */
    private RandomDecisions(long seed, int version, List<RuleMetadata> versionRules, boolean odd) {
        random = new Random(seed);
        this.odd = odd;
        if (version < 0) {
            this.version = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50);
            int ruleCount = 1 + random.nextInt(20);
            for (int i = 0; i < ruleCount; i++) {
                rules.add(rule("Rule " + i + " of version " + this.version + ": " + words(3 + random.nextInt(8)), i));
            }
        } else {
            this.version = version;
            rules.addAll(versionRules);
        }
        for (int i = 0; i < 3; i++) {
            engineChecks.add(rule("Engine: check " + i, 100 + i));
        }
        int nodeCount = 5 + random.nextInt(300);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(nodeId(i));
        }
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            contents.add(random.nextBoolean() ? "live-" + i : UUID.randomUUID().toString());
        }
    }

    /** The rules of the version by name, as a stored version gives them; none for an unstored version (0). */
    Map<String, RuleMetadata> versionRules() {
        Map<String, RuleMetadata> byName = new LinkedHashMap<>();
        if (version > 0) {
            rules.forEach(rule -> byName.put(rule.name(), rule));
        }
        return byName;
    }

    /** The version's rules, stored or not. */
    List<RuleMetadata> rules() {
        return List.copyOf(rules);
    }

    int version() {
        return version;
    }

    private RuleMetadata rule(String name, int index) {
        PolicyKind kind = PolicyKind.values()[random.nextInt(PolicyKind.values().length)];
        Strictness strictness = random.nextBoolean() ? Strictness.HARD : Strictness.SOFT;
        String label = odd(10) ? null : words(1 + random.nextInt(5));
        return new RuleMetadata(
                name,
                "rules/" + kind.name().toLowerCase() + ".drl",
                "code-" + index + "-" + random.nextInt(1000),
                label,
                kind,
                strictness,
                random.nextInt(100),
                "described " + words(10));
    }

    private boolean odd(int oneIn) {
        return odd && random.nextInt(oneIn) == 0;
    }

    private String nodeId(int i) {
        return switch (odd ? random.nextInt(8) : 5) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "cdn-" + String.format("%02d", i);
            case 2 -> "n" + i; // "n1" is inside "n12"
            case 3 -> "nöde-" + i + "-\uE000"; // a template's own characters
            case 4 -> "\uE003x" + i;
            default -> String.format("n%07d", i);
        };
    }

    private String words(int count) {
        String[] vocabulary = {
            "lightweight",
            "parent",
            "child",
            "serves",
            "quiet",
            "hours",
            "ISP",
            "country",
            "region",
            "affinity",
            "group",
            "premium",
            "CDN",
            "peers",
            "congested",
            "audio",
            "video",
            "licence",
            "age",
            "access",
            "list",
            "ç",
            "日本",
            "\"quoted\"",
            "back\\slash",
            "\n"
        };
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return text.toString();
    }

    Decision next() {
        String child = nodes.get(random.nextInt(nodes.size()));
        String content = contents.get(random.nextInt(contents.size()));
        Outcome outcome = Outcome.values()[random.nextInt(Outcome.values().length)];
        List<Reason> denials = new ArrayList<>();
        List<CandidateExplanation> candidates = new ArrayList<>();
        if (outcome == Outcome.NO_PARENT && random.nextInt(3) == 0) {
            for (int i = 0; i < 1 + random.nextInt(2); i++) {
                denials.add(reason(null, child, content));
            }
        } else if (outcome != Outcome.POLICY_TIMEOUT) {
            int count = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(Math.min(100, nodes.size()));
            for (int i = 0; i < count; i++) {
                candidates.add(candidate(nodes.get(random.nextInt(nodes.size())), child, content, outcome));
            }
        }
        Map<HolderPart, Integer> notExaminedByPart = new EnumMap<>(HolderPart.class);
        int notExamined = 0;
        if (random.nextBoolean()) {
            for (HolderPart part : HolderPart.values()) {
                if (random.nextBoolean()) {
                    int count = random.nextInt(5000);
                    notExaminedByPart.put(part, count);
                    notExamined += count;
                }
            }
        }
        String summary = outcome == Outcome.POLICY_TIMEOUT
                ? "the policies took longer than their budget of 50 ms; nothing was reserved"
                : random.nextInt(20) == 0 ? "summary for " + child + " of " + content : summary(candidates, denials);
        long required = 500 + random.nextInt(8000);
        return new Decision(
                odd(30) ? null : UUID.randomUUID().toString(),
                child,
                content,
                random.nextInt(30) == 0
                        ? null
                        : Instant.ofEpochSecond(
                                1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000)),
                version,
                odd(40) ? null : outcome,
                required,
                outcome == Outcome.ALLOCATED ? required : random.nextInt((int) required),
                odd(50) ? null : summary,
                odd(30) ? null : relaxed(),
                odd(40) ? null : denials,
                odd(40) ? null : candidates,
                notExamined,
                notExaminedByPart);
    }

    /** The summary line the pipeline would write, over the candidates and reasons that are not null. */
    private static String summary(List<CandidateExplanation> candidates, List<Reason> denials) {
        List<CandidateExplanation> present = candidates.stream()
                .filter(c -> c != null && c.reasons() != null)
                .map(c -> new CandidateExplanation(
                        c.nodeId(),
                        c.kind(),
                        c.peerType(),
                        c.verdict(),
                        c.spareUplinkKbps(),
                        c.rateKbps(),
                        c.reasons().stream().filter(r -> r != null).toList(),
                        c.preferences(),
                        c.score(),
                        c.note()))
                .toList();
        return SummaryLine.of(present, denials);
    }

    private List<String> relaxed() {
        List<String> relaxed = new ArrayList<>();
        for (int i = 0; i < random.nextInt(3); i++) {
            relaxed.add(rules.get(random.nextInt(rules.size())).name());
        }
        return relaxed;
    }

    private CandidateExplanation candidate(String node, String child, String content, Outcome outcome) {
        Verdict verdict = Verdict.values()[random.nextInt(Verdict.values().length)];
        List<Reason> reasons = new ArrayList<>();
        if (verdict == Verdict.REJECTED || random.nextInt(5) == 0) {
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                reasons.add(odd(50) ? null : reason(node, child, content));
            }
        }
        List<Preference> preferences = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            preferences.add(odd(50) ? null : preference(node, child, content));
        }
        String note = verdict == Verdict.OUTRANKED && random.nextBoolean()
                ? "outranked: " + nodes.get(random.nextInt(nodes.size())) + " and " + node + " covered the rate of "
                        + content
                : odd(30) ? "" : null;
        return random.nextInt(100) == 0
                ? null
                : new CandidateExplanation(
                        odd(200) ? null : node,
                        random.nextInt(3) == 0 ? "CDN" : "CLIENT",
                        odd(20) ? null : random.nextBoolean() ? "REGULAR" : "LIGHTWEIGHT",
                        odd(100) ? null : verdict,
                        random.nextInt(100_000) - (random.nextInt(20) == 0 ? 200_000 : 0),
                        verdict == Verdict.ASSIGNED ? random.nextInt(5000) : 0,
                        odd(40) ? null : reasons,
                        odd(40) ? null : preferences,
                        verdict == Verdict.REJECTED && random.nextBoolean() ? null : score(),
                        note);
    }

    private Reason reason(String node, String child, String content) {
        boolean engine = random.nextInt(6) == 0;
        List<RuleMetadata> from = engine ? engineChecks : rules;
        RuleMetadata rule = from.get(random.nextInt(from.size()));
        Reason reason = Reason.of(rule, message(node, child, content));
        if (random.nextInt(15) == 0) {
            // Metadata that differs from the version's own rule of that name: carried in full.
            reason = new Reason(
                    reason.code(),
                    reason.rule(),
                    reason.policyKind(),
                    reason.strictness(),
                    reason.rank() + 1,
                    reason.label(),
                    reason.message(),
                    false);
        }
        return random.nextInt(8) == 0 ? reason.asRelaxed() : reason;
    }

    private Preference preference(String node, String child, String content) {
        RuleMetadata rule = rules.get(random.nextInt(rules.size()));
        String code = random.nextInt(20) == 0 ? rule.code() + "-other" : rule.code();
        return new Preference(code, rule.name(), random.nextInt(61) - 30, message(node, child, content));
    }

    private String message(String node, String child, String content) {
        return switch (random.nextInt(7)) {
            case 0 -> node + " is on the same ISP as " + child + " (isp-" + random.nextInt(9) + ")";
            case 1 -> "child " + child + " and candidate " + node + " are both lightweight";
            case 2 -> "the swarm of " + content + " is congested: " + node + " " + words(4);
            case 3 -> words(1 + random.nextInt(12));
            case 4 -> odd(10) ? null : "";
            case 5 -> node + node + child + content + "\uE001\uE002\uE003" + node;
            default ->
                node + " has " + random.nextInt(9000) + " kbps spare uplink; a parent needs at least "
                        + random.nextInt(9000) + " kbps";
        };
    }

    private Score score() {
        int form = odd ? random.nextInt(20) : 3;
        if (form == 0) {
            return new Score(hundredths(), null);
        }
        if (form == 1) {
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("custom", Double.NaN);
            parts.put("peer", random.nextBoolean() ? Double.NEGATIVE_INFINITY : -0.0);
            parts.put("sameIsp", null);
            parts.put("near", random.nextDouble() * 1e15);
            return new Score(random.nextDouble(), parts);
        }
        double[] values = new double[SCORE_PARTS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(10) == 0 ? random.nextDouble() : hundredths();
        }
        double total = 0;
        for (double value : values) {
            total += value;
        }
        if (form == 2) {
            Map<String, Double> parts = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                parts.put(SCORE_PARTS.get(i), values[i]);
            }
            return new Score(Math.round(total * 100) / 100.0, parts);
        }
        return new Score(Math.round(total * 100) / 100.0, new ScoreParts(SCORE_PARTS, values));
    }

    private double hundredths() {
        return (random.nextInt(20_000) - 10_000) / 100.0;
    }
}
