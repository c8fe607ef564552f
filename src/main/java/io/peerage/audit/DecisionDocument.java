package io.peerage.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.swarm.HolderPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a decision: a JSON document that names each rule and each score part once, compressed as it is
 * written (see {@link CompressedDocument}). A decision lists up to a hundred candidates, each with reasons that repeat
 * their rule's code, kind, strictness, rank and label, and a score with the same ten named parts: written in full, that
 * is 33 KB per allocation, and writing it was a third of an allocation's CPU. Here a reason is {@code [rule index,
 * message, relaxed]}, a preference {@code [preference rule index, weight, message]}, a candidate an array in the
 * order of {@link CandidateExplanation}'s fields, and a score {@code [total, part...]} in hundredths, in the order of
 * {@code scoreParts}. {@link #read} gives back the very {@link Decision} that was written; documents stored before
 * this form (no {@code format} member) are the full {@code Decision} and read as such.
 *
 * <pre>
 * {"format":2, "allocationId":…, "childId":…, "contentId":…, "decidedAt":…, "policyVersion":…, "outcome":…,
 *  "requiredKbps":…, "coveredKbps":…, "summary":…, "relaxedPolicies":[…],
 *  "rules":[[code, rule, policyKind, strictness, rank, label], …], "preferenceRules":[[code, rule], …],
 *  "scoreParts":["peer", "sameIsp", …], "denials":[[0, "message", false], …],
 *  "candidates":[[nodeId, kind, peerType, verdict, spareUplinkKbps, rateKbps, reasons, preferences, score, note], …],
 *  "notExamined":…, "notExaminedByPart":{"NETWORK":…, …}}
 * </pre>
 */
final class DecisionDocument {

    static final int FORMAT = 2;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final SerializableString FORMAT_FIELD = new SerializedString("format");
    private static final SerializableString ALLOCATION_ID = new SerializedString("allocationId");
    private static final SerializableString CHILD_ID = new SerializedString("childId");
    private static final SerializableString CONTENT_ID = new SerializedString("contentId");
    private static final SerializableString DECIDED_AT = new SerializedString("decidedAt");
    private static final SerializableString POLICY_VERSION = new SerializedString("policyVersion");
    private static final SerializableString OUTCOME = new SerializedString("outcome");
    private static final SerializableString REQUIRED_KBPS = new SerializedString("requiredKbps");
    private static final SerializableString COVERED_KBPS = new SerializedString("coveredKbps");
    private static final SerializableString SUMMARY = new SerializedString("summary");
    private static final SerializableString RELAXED_POLICIES = new SerializedString("relaxedPolicies");
    private static final SerializableString RULES = new SerializedString("rules");
    private static final SerializableString PREFERENCE_RULES = new SerializedString("preferenceRules");
    private static final SerializableString SCORE_PARTS = new SerializedString("scoreParts");
    private static final SerializableString DENIALS = new SerializedString("denials");
    private static final SerializableString CANDIDATES = new SerializedString("candidates");
    private static final SerializableString NOT_EXAMINED = new SerializedString("notExamined");
    private static final SerializableString NOT_EXAMINED_BY_PART = new SerializedString("notExaminedByPart");
    private static final SerializableString TOTAL = new SerializedString("total");
    private static final SerializableString PARTS = new SerializedString("parts");

    private DecisionDocument() {}

    // ---- writing ----------------------------------------------------------------------------------------------------

    private record ReasonRule(
            String code, String rule, PolicyKind policyKind, Strictness strictness, int rank, String label) {

        static ReasonRule of(Reason reason) {
            return new ReasonRule(
                    reason.code(),
                    reason.rule(),
                    reason.policyKind(),
                    reason.strictness(),
                    reason.rank(),
                    reason.label());
        }
    }

    private record PreferenceRule(String code, String rule) {}

    /** What a document names once: the rules of its reasons and preferences, and the parts of its scores. */
    private static final class Names {
        final Map<ReasonRule, Integer> rules = new LinkedHashMap<>();
        final Map<PreferenceRule, Integer> preferenceRules = new LinkedHashMap<>();
        List<String> scoreParts = List.of();

        Names(Decision decision) {
            addReasons(decision.denials());
            if (decision.candidates() != null) {
                for (CandidateExplanation candidate : decision.candidates()) {
                    if (candidate == null) {
                        continue;
                    }
                    addReasons(candidate.reasons());
                    if (candidate.preferences() != null) {
                        for (Preference preference : candidate.preferences()) {
                            if (preference != null) {
                                preferenceRules.putIfAbsent(
                                        new PreferenceRule(preference.code(), preference.rule()),
                                        preferenceRules.size());
                            }
                        }
                    }
                    Score score = candidate.score();
                    if (scoreParts.isEmpty() && score != null && score.parts() != null) {
                        scoreParts = score.parts() instanceof ScoreParts shared
                                ? shared.names()
                                : List.copyOf(score.parts().keySet());
                    }
                }
            }
        }

        private void addReasons(List<Reason> reasons) {
            if (reasons != null) {
                for (Reason reason : reasons) {
                    if (reason != null) {
                        rules.putIfAbsent(ReasonRule.of(reason), rules.size());
                    }
                }
            }
        }

        /** True when a score's parts are exactly the named parts, in their order, so that it is written as an array. */
        boolean fits(Map<String, Double> parts) {
            return ScoreParts.namedAs(parts, scoreParts);
        }
    }

    /** The stored form, compressed, never held whole uncompressed. */
    static byte[] writeCompressed(Decision decision) {
        CompressedDocument.Output out = new CompressedDocument.Output();
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(json, decision);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write decision " + decision.allocationId(), e);
        }
        return out.finish();
    }

    private static void write(JsonGenerator json, Decision decision) throws IOException {
        Names names = new Names(decision);
        json.writeStartObject();
        json.writeFieldName(FORMAT_FIELD);
        json.writeNumber(FORMAT);
        string(json, ALLOCATION_ID, decision.allocationId());
        string(json, CHILD_ID, decision.childId());
        string(json, CONTENT_ID, decision.contentId());
        string(
                json,
                DECIDED_AT,
                decision.decidedAt() == null ? null : decision.decidedAt().toString());
        json.writeFieldName(POLICY_VERSION);
        json.writeNumber(decision.policyVersion());
        string(json, OUTCOME, name(decision.outcome()));
        json.writeFieldName(REQUIRED_KBPS);
        json.writeNumber(decision.requiredKbps());
        json.writeFieldName(COVERED_KBPS);
        json.writeNumber(decision.coveredKbps());
        string(json, SUMMARY, decision.summary());
        json.writeFieldName(RELAXED_POLICIES);
        strings(json, decision.relaxedPolicies());

        json.writeFieldName(RULES);
        json.writeStartArray();
        for (ReasonRule rule : names.rules.keySet()) {
            json.writeStartArray();
            json.writeString(rule.code());
            json.writeString(rule.rule());
            json.writeString(name(rule.policyKind()));
            json.writeString(name(rule.strictness()));
            json.writeNumber(rule.rank());
            json.writeString(rule.label());
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeFieldName(PREFERENCE_RULES);
        json.writeStartArray();
        for (PreferenceRule rule : names.preferenceRules.keySet()) {
            json.writeStartArray();
            json.writeString(rule.code());
            json.writeString(rule.rule());
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeFieldName(SCORE_PARTS);
        strings(json, names.scoreParts);

        json.writeFieldName(DENIALS);
        array(json, decision.denials(), (out, reason) -> reason(out, reason, names));
        json.writeFieldName(CANDIDATES);
        array(json, decision.candidates(), (out, candidate) -> candidate(out, candidate, names));
        json.writeFieldName(NOT_EXAMINED);
        json.writeNumber(decision.notExamined());
        if (decision.notExaminedByPart() != null) {
            json.writeFieldName(NOT_EXAMINED_BY_PART);
            json.writeStartObject();
            for (Map.Entry<HolderPart, Integer> part :
                    decision.notExaminedByPart().entrySet()) {
                json.writeFieldName(part.getKey().name());
                json.writeNumber(part.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void candidate(JsonGenerator json, CandidateExplanation candidate, Names names) throws IOException {
        json.writeStartArray();
        json.writeString(candidate.nodeId());
        json.writeString(candidate.kind());
        json.writeString(candidate.peerType());
        json.writeString(name(candidate.verdict()));
        json.writeNumber(candidate.spareUplinkKbps());
        json.writeNumber(candidate.rateKbps());
        array(json, candidate.reasons(), (out, reason) -> reason(out, reason, names));
        array(json, candidate.preferences(), (out, preference) -> preference(out, preference, names));
        score(json, candidate.score(), names);
        json.writeString(candidate.note());
        json.writeEndArray();
    }

    private static void reason(JsonGenerator json, Reason reason, Names names) throws IOException {
        json.writeStartArray();
        json.writeNumber(names.rules.get(ReasonRule.of(reason)));
        json.writeString(reason.message());
        json.writeBoolean(reason.relaxed());
        json.writeEndArray();
    }

    private static void preference(JsonGenerator json, Preference preference, Names names) throws IOException {
        json.writeStartArray();
        json.writeNumber(names.preferenceRules.get(new PreferenceRule(preference.code(), preference.rule())));
        json.writeNumber(preference.weight());
        json.writeString(preference.message());
        json.writeEndArray();
    }

    /** {@code [total, part...]} when the parts are the named ones; the full object otherwise (never from the ranker). */
    private static void score(JsonGenerator json, Score score, Names names) throws IOException {
        if (score == null) {
            json.writeNull();
        } else if (score.parts() != null && names.fits(score.parts())) {
            json.writeStartArray();
            hundredths(json, score.total());
            if (score.parts() instanceof ScoreParts shared) {
                for (int i = 0; i < shared.size(); i++) {
                    hundredths(json, shared.value(i));
                }
            } else {
                for (Double part : score.parts().values()) {
                    hundredths(json, part);
                }
            }
            json.writeEndArray();
        } else {
            json.writeStartObject();
            json.writeFieldName(TOTAL);
            hundredths(json, score.total());
            json.writeFieldName(PARTS);
            if (score.parts() == null) {
                json.writeNull();
            } else {
                json.writeStartObject();
                for (Map.Entry<String, Double> part : score.parts().entrySet()) {
                    json.writeFieldName(part.getKey());
                    hundredths(json, part.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    /**
     * Scores are rounded to hundredths by the ranker: such a value is written as a whole number of hundredths (no
     * double-to-text conversion); any other value as a number with a fraction or an exponent, read back as it is.
     */
    static void hundredths(JsonGenerator json, Double value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            hundredths(json, value.doubleValue());
        }
    }

    private static void hundredths(JsonGenerator json, double number) throws IOException {
        if (Math.abs(number) < 1.0e13) {
            long hundredths = Math.round(number * 100);
            if (Double.doubleToLongBits(hundredths / 100.0) == Double.doubleToLongBits(number)) {
                json.writeNumber(hundredths);
                return;
            }
        }
        json.writeNumber(number);
    }

    private static void string(JsonGenerator json, SerializableString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    private static void strings(JsonGenerator json, List<String> values) throws IOException {
        array(json, values, JsonGenerator::writeString);
    }

    /** Writes one element of a list that is not null. */
    private interface ElementWriter<T> {
        void write(JsonGenerator json, T element) throws IOException;
    }

    /** A list as a JSON array: a null list and null elements are written as null. */
    private static <T> void array(JsonGenerator json, List<T> elements, ElementWriter<T> element) throws IOException {
        if (elements == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (T value : elements) {
            if (value == null) {
                json.writeNull();
            } else {
                element.write(json, value);
            }
        }
        json.writeEndArray();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    /**
     * The decision a stored document holds, in either form.
     *
     * @throws IOException when it is not JSON
     * @throws IllegalArgumentException when it is JSON but not a decision document this service knows
     */
    static Decision read(ObjectMapper mapper, byte[] document) throws IOException {
        JsonNode root = mapper.readTree(document);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a decision document is a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null) {
            return mapper.treeToValue(root, Decision.class);
        }
        if (format.asInt() != FORMAT) {
            throw new IllegalArgumentException("unknown decision document format " + format);
        }
        try {
            return compact(root);
        } catch (RuntimeException e) {
            // A member missing or of the wrong shape: the document was damaged after it was written.
            throw new IllegalArgumentException("a damaged decision document: " + e, e);
        }
    }

    private static Decision compact(JsonNode root) {
        List<ReasonRule> rules = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            rules.add(new ReasonRule(
                    text(rule.get(0)),
                    text(rule.get(1)),
                    constant(PolicyKind.class, rule.get(2)),
                    constant(Strictness.class, rule.get(3)),
                    rule.get(4).asInt(),
                    text(rule.get(5))));
        }
        List<PreferenceRule> preferenceRules = new ArrayList<>();
        for (JsonNode rule : root.path("preferenceRules")) {
            preferenceRules.add(new PreferenceRule(text(rule.get(0)), text(rule.get(1))));
        }
        List<String> scoreParts = new ArrayList<>();
        for (JsonNode part : root.path("scoreParts")) {
            scoreParts.add(part.asText());
        }
        List<CandidateExplanation> candidates = null;
        JsonNode candidateNodes = root.get("candidates");
        if (candidateNodes != null && !candidateNodes.isNull()) {
            candidates = new ArrayList<>(candidateNodes.size());
            for (JsonNode candidate : candidateNodes) {
                candidates.add(
                        candidate.isNull()
                                ? null
                                : new CandidateExplanation(
                                        text(candidate.get(0)),
                                        text(candidate.get(1)),
                                        text(candidate.get(2)),
                                        constant(Verdict.class, candidate.get(3)),
                                        candidate.get(4).asLong(),
                                        candidate.get(5).asLong(),
                                        reasons(candidate.get(6), rules),
                                        preferences(candidate.get(7), preferenceRules),
                                        score(candidate.get(8), scoreParts),
                                        text(candidate.get(9))));
            }
        }
        JsonNode decidedAt = root.get("decidedAt");
        return new Decision(
                text(root.get("allocationId")),
                text(root.get("childId")),
                text(root.get("contentId")),
                decidedAt == null || decidedAt.isNull() ? null : Instant.parse(decidedAt.asText()),
                root.path("policyVersion").asInt(),
                constant(Outcome.class, root.get("outcome")),
                root.path("requiredKbps").asLong(),
                root.path("coveredKbps").asLong(),
                text(root.get("summary")),
                strings(root.get("relaxedPolicies")),
                reasons(root.get("denials"), rules),
                candidates,
                root.path("notExamined").asInt(),
                notExaminedByPart(root.get("notExaminedByPart")));
    }

    /** Parts in their order; none for a document written before parts were counted. */
    private static Map<HolderPart, Integer> notExaminedByPart(JsonNode parts) {
        Map<HolderPart, Integer> byPart = new EnumMap<>(HolderPart.class);
        if (parts != null && parts.isObject()) {
            parts.fields()
                    .forEachRemaining(part -> byPart.put(
                            HolderPart.valueOf(part.getKey()), part.getValue().asInt()));
        }
        return byPart;
    }

    private static List<Reason> reasons(JsonNode nodes, List<ReasonRule> rules) {
        if (nodes == null || nodes.isNull()) {
            return null;
        }
        List<Reason> reasons = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            if (node.isNull()) {
                reasons.add(null);
                continue;
            }
            ReasonRule rule = rules.get(node.get(0).asInt());
            reasons.add(new Reason(
                    rule.code(),
                    rule.rule(),
                    rule.policyKind(),
                    rule.strictness(),
                    rule.rank(),
                    rule.label(),
                    text(node.get(1)),
                    node.get(2).asBoolean()));
        }
        return reasons;
    }

    private static List<Preference> preferences(JsonNode nodes, List<PreferenceRule> rules) {
        if (nodes == null || nodes.isNull()) {
            return null;
        }
        List<Preference> preferences = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            if (node.isNull()) {
                preferences.add(null);
                continue;
            }
            PreferenceRule rule = rules.get(node.get(0).asInt());
            preferences.add(new Preference(rule.code(), rule.rule(), node.get(1).asInt(), text(node.get(2))));
        }
        return preferences;
    }

    private static Score score(JsonNode node, List<String> scoreParts) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            Map<String, Double> parts = new LinkedHashMap<>();
            for (int i = 0; i < scoreParts.size(); i++) {
                parts.put(scoreParts.get(i), hundredths(node.get(i + 1)));
            }
            return new Score(hundredths(node.get(0)), parts);
        }
        Map<String, Double> parts = null;
        JsonNode partNodes = node.get("parts");
        if (partNodes != null && !partNodes.isNull()) {
            parts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = partNodes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> part = it.next();
                parts.put(part.getKey(), hundredths(part.getValue()));
            }
        }
        return new Score(hundredths(node.get("total")), parts);
    }

    private static Double hundredths(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.longValue() / 100.0;
        }
        // Not a number of hundredths: NaN and infinities come as text.
        return node.isNumber() ? node.doubleValue() : Double.valueOf(node.asText());
    }

    private static List<String> strings(JsonNode nodes) {
        if (nodes == null || nodes.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            values.add(text(node));
        }
        return values;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node) {
        return node == null || node.isNull() ? null : Enum.valueOf(type, node.asText());
    }
}
