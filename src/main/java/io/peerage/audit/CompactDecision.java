package io.peerage.audit;

import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.Strictness;
import io.peerage.swarm.HolderPart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of a decision since format 3: binary, every text once in a string table, then deflated. What the
 * explanation shows is all here (messages, notes and the summary as templates in which the candidate's, the child's
 * and the content's ids are placeholders, so that the rule's message for forty candidates is one table entry; score
 * parts in hundredths; spare uplink and rates; not-examined counts), except the metadata of the rules of the
 * decision's policy version (code, kind, strictness, rank, label), which a stored version never changes: a reason
 * names its rule and the reader takes the rest from the version. A reason whose metadata is not the version's own (an
 * engine check, a decision made under an unstored set) carries it in full. Reading runs no rule and no ranker.
 *
 * <pre>
 * magic "PDC" 0xC3 · varint body length · raw deflate of:
 *   varint string count, strings (varint UTF-8 length, bytes)
 *   rule table: varint count, entries: 0 name (the version's rule) | 1 code name kind strictness rank label | 2 code name
 *   score part names: varint count, names
 *   allocationId childId contentId · decidedAt · policyVersion · outcome · requiredKbps coveredKbps · summary
 *   relaxedPolicies · denials · candidates · notExamined · notExaminedByPart
 * </pre>
 *
 * Strings and enums are string-table indexes plus one (0 is null); lists are a count plus one (0 is null).
 */
final class CompactDecision {

    /** No row in the COMPRESS() form can begin so: its fourth byte is the length's top byte, masked to 6 bits. */
    private static final byte[] MAGIC = {'P', 'D', 'C', (byte) 0xC3};

    /**
     * Format 4: as format 3, the policy version in the header and the body deflated against the version's dictionary
     * ({@link VersionDictionary}), so that what every decision of a version repeats is not stored in each.
     */
    private static final byte[] MAGIC_WITH_DICTIONARY = {'P', 'D', 'C', (byte) 0xC4};

    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

    /** The largest body a reader accepts: a damaged length never makes it allocate more. */
    private static final int MAX_BODY = 64 << 20;

    private static final int RULE_OF_VERSION = 0;
    private static final int RULE_IN_FULL = 1;
    private static final int PREFERENCE_RULE = 2;

    private static final int SCORE_NULL = 0;
    private static final int SCORE_NAMED_PARTS = 1;
    private static final int SCORE_OTHER_PARTS = 2;
    private static final int SCORE_NO_PARTS = 3;

    private CompactDecision() {}

    static boolean isCompact(byte[] stored) {
        return startsWith(stored, MAGIC) || startsWith(stored, MAGIC_WITH_DICTIONARY);
    }

    private static boolean startsWith(byte[] stored, byte[] magic) {
        return stored.length >= magic.length && Arrays.equals(stored, 0, magic.length, magic, 0, magic.length);
    }

    // ---- writing ----------------------------------------------------------------------------------------------------

    /**
     * The stored form of a decision.
     *
     * @param versionRules the rules of the decision's policy version by name, as stored; empty when the version is not
     *     stored, and then every reason carries its rule's metadata
     */
    static byte[] write(Decision decision, Map<String, RuleMetadata> versionRules) {
        return write(decision, versionRules, null);
    }

    /**
     * What a row holds in its own columns beside the explanation, which a format 4 explanation then does not repeat:
     * the candidates' ids in order and the summary line.
     */
    record Beside(List<String> candidateIds, String summary) {}

    private static final int IDS_BESIDE = 1;
    private static final int SUMMARY_BESIDE = 2;

    /**
     * The stored form of a decision whose row holds {@code beside} in its own columns (null: none). Only a decision of
     * a stored version (format 4) leaves them out of its explanation.
     */
    static byte[] write(Decision decision, Map<String, RuleMetadata> versionRules, Beside beside) {
        int flags = 0;
        if (beside != null && !versionRules.isEmpty()) {
            List<CandidateExplanation> candidates = decision.candidates();
            if (candidates != null
                    && beside.candidateIds() != null
                    && candidates.size() == beside.candidateIds().size()
                    && candidates.stream().allMatch(Objects::nonNull)) {
                boolean same = true;
                for (int i = 0; i < candidates.size() && same; i++) {
                    same = beside.candidateIds().get(i) != null
                            && beside.candidateIds()
                                    .get(i)
                                    .equals(candidates.get(i).nodeId());
                }
                flags |= same ? IDS_BESIDE : 0;
            }
            if (decision.summary() != null && decision.summary().equals(beside.summary())) {
                flags |= SUMMARY_BESIDE;
            }
        }
        Writer writer = new Writer(decision, versionRules, flags);
        writer.decision();
        Bytes table = new Bytes(writer.strings.size() * 16 + 64);
        table.varint(writer.strings.size());
        for (String text : writer.strings.keySet()) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            table.varint(utf8.length);
            table.bytes(utf8, 0, utf8.length);
        }
        table.varint(writer.rules.size());
        for (RuleEntry rule : writer.rules.keySet()) {
            table.varint(rule.form());
            table.varint(writer.string(rule.rule()));
            if (rule.form() != RULE_OF_VERSION) {
                table.varint(writer.string(rule.code()));
            }
            if (rule.form() == RULE_IN_FULL) {
                table.varint(writer.string(name(rule.policyKind())));
                table.varint(writer.string(name(rule.strictness())));
                table.signed(rule.rank());
                table.varint(writer.string(rule.label()));
            }
        }
        table.varint(writer.scoreParts.size());
        for (String part : writer.scoreParts) {
            table.varint(writer.string(part));
        }
        if (versionRules.isEmpty()) {
            return deflate(table, writer.body, MAGIC, null, 0, null);
        }
        return deflate(
                table,
                writer.body,
                MAGIC_WITH_DICTIONARY,
                decision.policyVersion(),
                flags,
                VersionDictionary.of(versionRules));
    }

    private static byte[] deflate(
            Bytes table, Bytes body, byte[] magic, Integer version, int flags, byte[] dictionary) {
        table.bytes(body.array(), 0, body.size());
        Bytes out = new Bytes(table.size() / 2 + 32);
        out.bytes(magic, 0, magic.length);
        if (version != null) {
            out.signed(version);
            out.varint(flags);
        }
        out.varint(table.size());
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        if (dictionary != null) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(table.array(), 0, table.size());
        deflater.finish();
        out.drain(deflater);
        return out.toArray();
    }

    /** A rule as a decision names it: by name alone when the version says the rest, else in full. */
    private record RuleEntry(
            int form, String code, String rule, PolicyKind policyKind, Strictness strictness, int rank, String label) {}

    private static final class Writer {
        final Map<String, Integer> strings = new LinkedHashMap<>();
        final Map<RuleEntry, Integer> rules = new LinkedHashMap<>();
        List<String> scoreParts = List.of();
        final Bytes body = new Bytes(1024);
        private final Decision decision;
        private final Map<String, RuleMetadata> versionRules;
        private final Map<Reason, Integer> reasonRules = new HashMap<>();

        private final int flags;

        Writer(Decision decision, Map<String, RuleMetadata> versionRules, int flags) {
            this.decision = decision;
            this.versionRules = versionRules;
            this.flags = flags;
        }

        /** The string's table index plus one; 0 for null. Table strings are added as they are first met. */
        int string(String text) {
            if (text == null) {
                return 0;
            }
            Integer index = strings.putIfAbsent(text, strings.size());
            return (index == null ? strings.size() - 1 : index) + 1;
        }

        void decision() {
            body.varint(string(decision.allocationId()));
            body.varint(string(decision.childId()));
            body.varint(string(decision.contentId()));
            Instant decidedAt = decision.decidedAt();
            if (decidedAt == null) {
                body.varint(0);
            } else {
                body.varint(1);
                body.signed(decidedAt.getEpochSecond());
                body.varint(decidedAt.getNano());
            }
            body.signed(decision.policyVersion());
            body.varint(string(name(decision.outcome())));
            body.signed(decision.requiredKbps());
            body.signed(decision.coveredKbps());
            if ((flags & SUMMARY_BESIDE) == 0) {
                message(decision.summary(), null);
            }
            if (decision.relaxedPolicies() == null) {
                body.varint(0);
            } else {
                body.varint(decision.relaxedPolicies().size() + 1);
                for (String policy : decision.relaxedPolicies()) {
                    body.varint(string(policy));
                }
            }
            reasons(decision.denials(), null);
            List<CandidateExplanation> candidates = decision.candidates();
            if (candidates == null) {
                body.varint(0);
            } else {
                body.varint(candidates.size() + 1);
                for (CandidateExplanation candidate : candidates) {
                    candidate(candidate);
                }
            }
            body.signed(decision.notExamined());
            Map<HolderPart, Integer> byPart = decision.notExaminedByPart();
            body.varint(byPart.size());
            for (Map.Entry<HolderPart, Integer> part : byPart.entrySet()) {
                body.varint(string(part.getKey().name()));
                body.signed(part.getValue());
            }
        }

        private void candidate(CandidateExplanation candidate) {
            if (candidate == null) {
                body.varint(0);
                return;
            }
            body.varint((flags & IDS_BESIDE) != 0 ? 1 : string(candidate.nodeId()) + 1);
            body.varint(string(candidate.kind()));
            body.varint(string(candidate.peerType()));
            body.varint(string(name(candidate.verdict())));
            body.signed(candidate.spareUplinkKbps());
            body.signed(candidate.rateKbps());
            reasons(candidate.reasons(), candidate.nodeId());
            List<Preference> preferences = candidate.preferences();
            if (preferences == null) {
                body.varint(0);
            } else {
                body.varint(preferences.size() + 1);
                for (Preference preference : preferences) {
                    if (preference == null) {
                        body.varint(0);
                        continue;
                    }
                    RuleMetadata known = versionRules.get(preference.rule());
                    RuleEntry entry = known != null && Objects.equals(known.code(), preference.code())
                            ? new RuleEntry(RULE_OF_VERSION, null, preference.rule(), null, null, 0, null)
                            : new RuleEntry(PREFERENCE_RULE, preference.code(), preference.rule(), null, null, 0, null);
                    body.varint(rule(entry) + 1);
                    body.signed(preference.weight());
                    message(preference.message(), candidate.nodeId());
                }
            }
            score(candidate.score());
            message(candidate.note(), candidate.nodeId());
        }

        private void reasons(List<Reason> reasons, String nodeId) {
            if (reasons == null) {
                body.varint(0);
                return;
            }
            body.varint(reasons.size() + 1);
            for (Reason reason : reasons) {
                if (reason == null) {
                    body.varint(0);
                    continue;
                }
                body.varint(((long) reasonRule(reason) << 1 | (reason.relaxed() ? 1 : 0)) + 1);
                message(reason.message(), nodeId);
            }
        }

        private int reasonRule(Reason reason) {
            Reason key = reason.relaxed() || reason.message() != null
                    ? new Reason(
                            reason.code(),
                            reason.rule(),
                            reason.policyKind(),
                            reason.strictness(),
                            reason.rank(),
                            reason.label(),
                            null,
                            false)
                    : reason;
            Integer known = reasonRules.get(key);
            if (known != null) {
                return known;
            }
            RuleMetadata rule = versionRules.get(reason.rule());
            boolean fromVersion = rule != null
                    && Objects.equals(rule.code(), reason.code())
                    && rule.kind() == reason.policyKind()
                    && rule.strictness() == reason.strictness()
                    && rule.rank() == reason.rank()
                    && Objects.equals(rule.label(), reason.label());
            int index = rule(
                    fromVersion
                            ? new RuleEntry(RULE_OF_VERSION, null, reason.rule(), null, null, 0, null)
                            : new RuleEntry(
                                    RULE_IN_FULL,
                                    reason.code(),
                                    reason.rule(),
                                    reason.policyKind(),
                                    reason.strictness(),
                                    reason.rank(),
                                    reason.label()));
            reasonRules.put(key, index);
            return index;
        }

        private int rule(RuleEntry entry) {
            Integer index = rules.putIfAbsent(entry, rules.size());
            if (index == null) {
                // Named now so that the table's strings are all written before the rule table.
                string(entry.rule());
                string(entry.code());
                string(name(entry.policyKind()));
                string(name(entry.strictness()));
                string(entry.label());
                return rules.size() - 1;
            }
            return index;
        }

        private void score(Score score) {
            if (score == null) {
                body.varint(SCORE_NULL);
                return;
            }
            Map<String, Double> parts = score.parts();
            if (parts == null) {
                body.varint(SCORE_NO_PARTS);
                body.number(score.total());
                return;
            }
            if (scoreParts.isEmpty() && !parts.isEmpty()) {
                scoreParts = parts instanceof ScoreParts shared ? shared.names() : List.copyOf(parts.keySet());
                scoreParts.forEach(this::string);
            }
            if (ScoreParts.namedAs(parts, scoreParts)) {
                body.varint(SCORE_NAMED_PARTS);
                body.number(score.total());
                if (parts instanceof ScoreParts shared) {
                    for (int i = 0; i < shared.size(); i++) {
                        body.number(shared.value(i));
                    }
                } else {
                    parts.values().forEach(body::number);
                }
                return;
            }
            body.varint(SCORE_OTHER_PARTS);
            body.number(score.total());
            body.varint(parts.size());
            for (Map.Entry<String, Double> part : parts.entrySet()) {
                body.varint(string(part.getKey()));
                body.number(part.getValue());
            }
        }

        private void message(String text, String nodeId) {
            body.varint(string(Template.of(text, nodeId, decision.childId(), decision.contentId())));
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    /**
     * The decision a stored compact form holds.
     *
     * @param versionRules the rules of a stored policy version by name; asked only when the decision names some
     * @throws IllegalArgumentException when the bytes are damaged
     */
    static Decision read(byte[] stored, IntFunction<Map<String, RuleMetadata>> versionRules) {
        return read(stored, versionRules, null);
    }

    /**
     * The decision a stored compact form holds, in a row that holds {@code beside} in its own columns (null: none).
     *
     * @throws IllegalArgumentException when the bytes are damaged, or they leave out what the row does not hold
     */
    static Decision read(byte[] stored, IntFunction<Map<String, RuleMetadata>> versionRules, Beside beside) {
        if (!isCompact(stored)) {
            throw new IllegalArgumentException("not a compact decision");
        }
        try {
            int[] flags = new int[1];
            Reader in = new Reader(inflate(stored, versionRules, flags));
            if (flags[0] != 0 && beside == null) {
                throw new IllegalArgumentException("the row's columns are needed to read it");
            }
            return new Reading(in, versionRules, flags[0], beside).decision();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a damaged compact decision: " + e.getMessage(), e);
        }
    }

    private static byte[] inflate(byte[] stored, IntFunction<Map<String, RuleMetadata>> versionRules, int[] flags) {
        Reader header = new Reader(stored);
        header.position = MAGIC.length;
        byte[] dictionary = null;
        if (startsWith(stored, MAGIC_WITH_DICTIONARY)) {
            long version = header.signed();
            if (version < Integer.MIN_VALUE || version > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a policy version of " + version);
            }
            flags[0] = header.varint();
            Map<String, RuleMetadata> rules = versionRules.apply((int) version);
            if (rules.isEmpty()) {
                throw new IllegalArgumentException(
                        "policy version " + version + " has no rules, which the decision's dictionary is made of");
            }
            dictionary = VersionDictionary.of(rules);
        }
        long length = header.varlong();
        if (length < 0 || length > MAX_BODY) {
            throw new IllegalArgumentException("a body of " + length + " bytes");
        }
        byte[] body = new byte[(int) length];
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(stored, header.position, stored.length - header.position);
        if (dictionary != null) {
            // Raw deflate asks for no dictionary: it is set before the first byte, as the writer set it.
            inflater.setDictionary(dictionary);
        }
        try {
            int read = 0;
            while (read < body.length) {
                int n = inflater.inflate(body, read, body.length - read);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                read += n;
            }
            if (read != body.length) {
                throw new IllegalArgumentException("the body holds " + read + " bytes, its header says " + length);
            }
            return body;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not deflated: " + e.getMessage(), e);
        }
    }

    private static final class Reading {
        private final Reader in;
        private final IntFunction<Map<String, RuleMetadata>> versionRules;
        private final String[] strings;
        private final RuleEntry[] rules;
        private final List<String> scoreParts;
        private String childId;
        private String contentId;

        private final int flags;
        private final Beside beside;

        Reading(Reader in, IntFunction<Map<String, RuleMetadata>> versionRules, int flags, Beside beside) {
            this.in = in;
            this.versionRules = versionRules;
            this.flags = flags;
            this.beside = beside;
            strings = new String[in.count()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = in.utf8();
            }
            rules = new RuleEntry[in.count()];
            for (int i = 0; i < rules.length; i++) {
                int form = in.varint();
                String rule = string();
                rules[i] = switch (form) {
                    case RULE_OF_VERSION -> new RuleEntry(form, null, rule, null, null, 0, null);
                    case PREFERENCE_RULE -> new RuleEntry(form, string(), rule, null, null, 0, null);
                    case RULE_IN_FULL ->
                        new RuleEntry(
                                form,
                                string(),
                                rule,
                                constant(PolicyKind.class),
                                constant(Strictness.class),
                                (int) in.signed(),
                                string());
                    default -> throw new IllegalArgumentException("unknown rule form " + form);
                };
            }
            String[] parts = new String[in.count()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = string();
            }
            scoreParts = List.of(parts);
        }

        Decision decision() {
            String allocationId = string();
            childId = string();
            contentId = string();
            Instant decidedAt = in.varint() == 0 ? null : Instant.ofEpochSecond(in.signed(), in.varint());
            int policyVersion = (int) in.signed();
            Outcome outcome = constant(Outcome.class);
            long requiredKbps = in.signed();
            long coveredKbps = in.signed();
            String summary = (flags & SUMMARY_BESIDE) != 0 ? beside.summary() : message(null);
            List<String> relaxedPolicies = null;
            int relaxedCount = in.varint();
            if (relaxedCount > 0) {
                relaxedPolicies = new ArrayList<>(relaxedCount - 1);
                for (int i = 1; i < relaxedCount; i++) {
                    relaxedPolicies.add(string());
                }
            }
            List<Reason> denials = reasons(policyVersion, null);
            List<CandidateExplanation> candidates = null;
            int candidateCount = in.varint();
            if (candidateCount > 0) {
                if ((flags & IDS_BESIDE) != 0
                        && (beside.candidateIds() == null
                                || beside.candidateIds().size() != candidateCount - 1)) {
                    throw new IllegalArgumentException("the row lists other candidates than its explanation");
                }
                candidates = new ArrayList<>(Math.min(candidateCount - 1, in.remaining()));
                for (int i = 1; i < candidateCount; i++) {
                    candidates.add(candidate(policyVersion, i - 1));
                }
            }
            int notExamined = (int) in.signed();
            Map<HolderPart, Integer> byPart = new EnumMap<>(HolderPart.class);
            int partCount = in.varint();
            for (int i = 0; i < partCount; i++) {
                byPart.put(HolderPart.valueOf(string()), (int) in.signed());
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the decision");
            }
            return new Decision(
                    allocationId,
                    childId,
                    contentId,
                    decidedAt,
                    policyVersion,
                    outcome,
                    requiredKbps,
                    coveredKbps,
                    summary,
                    relaxedPolicies,
                    denials,
                    candidates,
                    notExamined,
                    byPart);
        }

        private CandidateExplanation candidate(int policyVersion, int index) {
            int nodeRef = in.varint();
            if (nodeRef == 0) {
                return null;
            }
            String nodeId = (flags & IDS_BESIDE) != 0
                    ? beside.candidateIds().get(index)
                    : nodeRef == 1 ? null : strings[nodeRef - 2];
            String kind = string();
            String peerType = string();
            Verdict verdict = constant(Verdict.class);
            long spare = in.signed();
            long rate = in.signed();
            List<Reason> reasons = reasons(policyVersion, nodeId);
            List<Preference> preferences = null;
            int preferenceCount = in.varint();
            if (preferenceCount > 0) {
                preferences = new ArrayList<>(Math.min(preferenceCount - 1, in.remaining()));
                for (int i = 1; i < preferenceCount; i++) {
                    int ruleRef = in.varint();
                    if (ruleRef == 0) {
                        preferences.add(null);
                        continue;
                    }
                    RuleEntry entry = rules[ruleRef - 1];
                    String code = entry.form() == RULE_OF_VERSION
                            ? ofVersion(policyVersion, entry.rule()).code()
                            : entry.code();
                    int weight = (int) in.signed();
                    preferences.add(new Preference(code, entry.rule(), weight, message(nodeId)));
                }
            }
            Score score = score();
            String note = message(nodeId);
            return new CandidateExplanation(
                    nodeId, kind, peerType, verdict, spare, rate, reasons, preferences, score, note);
        }

        private List<Reason> reasons(int policyVersion, String nodeId) {
            int count = in.varint();
            if (count == 0) {
                return null;
            }
            List<Reason> reasons = new ArrayList<>(Math.min(count - 1, in.remaining()));
            for (int i = 1; i < count; i++) {
                long ref = in.varlong();
                if (ref == 0) {
                    reasons.add(null);
                    continue;
                }
                RuleEntry entry = rules[(int) ((ref - 1) >>> 1)];
                boolean relaxed = ((ref - 1) & 1) == 1;
                String message = message(nodeId);
                if (entry.form() == RULE_OF_VERSION) {
                    RuleMetadata rule = ofVersion(policyVersion, entry.rule());
                    reasons.add(new Reason(
                            rule.code(),
                            rule.name(),
                            rule.kind(),
                            rule.strictness(),
                            rule.rank(),
                            rule.label(),
                            message,
                            relaxed));
                } else {
                    reasons.add(new Reason(
                            entry.code(),
                            entry.rule(),
                            entry.policyKind(),
                            entry.strictness(),
                            entry.rank(),
                            entry.label(),
                            message,
                            relaxed));
                }
            }
            return reasons;
        }

        private RuleMetadata ofVersion(int policyVersion, String rule) {
            RuleMetadata metadata = versionRules.apply(policyVersion).get(rule);
            if (metadata == null) {
                throw new IllegalStateException("policy version " + policyVersion + " has no rule '" + rule + "'");
            }
            return metadata;
        }

        private Score score() {
            int form = in.varint();
            switch (form) {
                case SCORE_NULL:
                    return null;
                case SCORE_NO_PARTS:
                    return new Score(in.number(), null);
                case SCORE_NAMED_PARTS: {
                    Double total = in.number();
                    Map<String, Double> parts = new LinkedHashMap<>();
                    for (String part : scoreParts) {
                        parts.put(part, in.number());
                    }
                    return new Score(total, parts);
                }
                case SCORE_OTHER_PARTS: {
                    Double total = in.number();
                    int count = in.varint();
                    Map<String, Double> parts = new LinkedHashMap<>();
                    for (int i = 0; i < count; i++) {
                        parts.put(string(), in.number());
                    }
                    return new Score(total, parts);
                }
                default:
                    throw new IllegalArgumentException("unknown score form " + form);
            }
        }

        private String message(String nodeId) {
            return Template.fill(string(), nodeId, childId, contentId);
        }

        private String string() {
            int ref = in.varint();
            return ref == 0 ? null : strings[ref - 1];
        }

        private <E extends Enum<E>> E constant(Class<E> type) {
            String name = string();
            return name == null ? null : Enum.valueOf(type, name);
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /**
     * A message with the candidate's, the child's and the content's ids as placeholders (private-use characters), so
     * that the same rule's message for every candidate is one text; a private-use character the message holds itself
     * is escaped. {@link #fill} gives back exactly the message.
     */
    static final class Template {
        private static final char NODE = '\uE000';
        private static final char CHILD = '\uE001';
        private static final char CONTENT = '\uE002';
        private static final char ESCAPE = '\uE003';

        private Template() {}

        static String of(String message, String nodeId, String childId, String contentId) {
            if (message == null) {
                return null;
            }
            StringBuilder template = null;
            int length = message.length();
            for (int i = 0; i < length; ) {
                char placeholder = 0;
                int matched = 0;
                // The longest id that starts here, so that an id inside another never splits it.
                for (int which = 0; which < 3; which++) {
                    String id = which == 0 ? nodeId : which == 1 ? childId : contentId;
                    if (id != null && !id.isEmpty() && id.length() > matched && message.startsWith(id, i)) {
                        matched = id.length();
                        placeholder = (char) (NODE + which);
                    }
                }
                char c = message.charAt(i);
                if (matched == 0 && (c < NODE || c > ESCAPE)) {
                    if (template != null) {
                        template.append(c);
                    }
                    i++;
                    continue;
                }
                if (template == null) {
                    template = new StringBuilder(length).append(message, 0, i);
                }
                if (matched > 0) {
                    template.append(placeholder);
                    i += matched;
                } else {
                    template.append(ESCAPE).append(c);
                    i++;
                }
            }
            return template == null ? message : template.toString();
        }

        static String fill(String template, String nodeId, String childId, String contentId) {
            if (template == null) {
                return null;
            }
            int first = firstSpecial(template);
            if (first < 0) {
                return template;
            }
            StringBuilder message = new StringBuilder(template.length() + 32).append(template, 0, first);
            for (int i = first; i < template.length(); i++) {
                char c = template.charAt(i);
                switch (c) {
                    case NODE -> message.append(required(nodeId, "candidate"));
                    case CHILD -> message.append(required(childId, "child"));
                    case CONTENT -> message.append(required(contentId, "content"));
                    case ESCAPE -> message.append(template.charAt(++i));
                    default -> message.append(c);
                }
            }
            return message.toString();
        }

        private static int firstSpecial(String template) {
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if (c >= NODE && c <= ESCAPE) {
                    return i;
                }
            }
            return -1;
        }

        private static String required(String id, String whose) {
            if (id == null) {
                throw new IllegalArgumentException("a message names the " + whose + " id, which the decision lacks");
            }
            return id;
        }
    }

    /** A growable byte array with varints (LEB128; signed values zigzag-coded) and scores in hundredths. */
    static final class Bytes {
        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int count) {
            if (size + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + count));
            }
        }

        void bytes(byte[] source, int offset, int count) {
            room(count);
            System.arraycopy(source, offset, bytes, size, count);
            size += count;
        }

        void varint(long value) {
            room(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void signed(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        /**
         * A score value: 0 for null, 1 and eight bytes for a value that is not a whole number of hundredths, else its
         * hundredths zigzag-coded plus 2. The ranker rounds to hundredths: most parts take one or two bytes.
         */
        void number(Double value) {
            if (value == null) {
                varint(0);
                return;
            }
            double number = value;
            if (Math.abs(number) < 1.0e13) {
                long hundredths = Math.round(number * 100);
                if (Double.doubleToLongBits(hundredths / 100.0) == Double.doubleToLongBits(number)) {
                    varint(((hundredths << 1) ^ (hundredths >> 63)) + 2);
                    return;
                }
            }
            varint(1);
            room(8);
            long bits = Double.doubleToRawLongBits(number);
            for (int i = 0; i < 8; i++) {
                bytes[size++] = (byte) (bits >>> (8 * i));
            }
        }

        /** Everything the deflater has left, once {@code finish()} was called. */
        void drain(Deflater deflater) {
            while (!deflater.finished()) {
                room(512);
                size += deflater.deflate(bytes, size, bytes.length - size);
            }
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        long varlong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 10 bytes");
        }

        int varint() {
            long value = varlong();
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a count or index out of range: " + value);
            }
            return (int) value;
        }

        /** A count that cannot exceed the bytes left: a damaged count never makes a reader allocate much. */
        int count() {
            int count = varint();
            if (count > remaining()) {
                throw new IllegalArgumentException("a count of " + count + " with " + remaining() + " bytes left");
            }
            return count;
        }

        long signed() {
            long value = varlong();
            return (value >>> 1) ^ -(value & 1);
        }

        String utf8() {
            int length = count();
            String text = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return text;
        }

        Double number() {
            long tag = varlong();
            if (tag == 0) {
                return null;
            }
            if (tag == 1) {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits |= (bytes[position++] & 0xFFL) << (8 * i);
                }
                return Double.longBitsToDouble(bits);
            }
            long zigzag = tag - 2;
            long hundredths = (zigzag >>> 1) ^ -(zigzag & 1);
            return hundredths / 100.0;
        }
    }
}
