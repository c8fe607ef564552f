package io.peerage.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a decision as the JSON document that {@code GET /v1/allocations/{id}/explanation} shows, field by field with
 * Jackson's streaming generator. One document, with a dozen fields and numbers for each of up to a hundred candidates,
 * is written for every allocation on the request thread: data binding (reflection on every record accessor, a
 * serializer lookup per value) cost several times more than the writing itself. Field names are quoted once, and
 * scores, which are rounded to hundredths, are written without a general double-to-text conversion. The document is
 * byte for byte what data binding writes; {@code DecisionDocumentTest} holds the two to that.
 */
final class DecisionDocument {

    // The shortest-representation double writer gives the same digits as Double.toString, several times faster.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

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
    private static final SerializableString DENIALS = new SerializedString("denials");
    private static final SerializableString CANDIDATES = new SerializedString("candidates");
    private static final SerializableString NOT_EXAMINED = new SerializedString("notExamined");
    private static final SerializableString NODE_ID = new SerializedString("nodeId");
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString PEER_TYPE = new SerializedString("peerType");
    private static final SerializableString VERDICT = new SerializedString("verdict");
    private static final SerializableString SPARE_UPLINK_KBPS = new SerializedString("spareUplinkKbps");
    private static final SerializableString RATE_KBPS = new SerializedString("rateKbps");
    private static final SerializableString REASONS = new SerializedString("reasons");
    private static final SerializableString PREFERENCES = new SerializedString("preferences");
    private static final SerializableString SCORE = new SerializedString("score");
    private static final SerializableString NOTE = new SerializedString("note");
    private static final SerializableString CODE = new SerializedString("code");
    private static final SerializableString RULE = new SerializedString("rule");
    private static final SerializableString POLICY_KIND = new SerializedString("policyKind");
    private static final SerializableString STRICTNESS = new SerializedString("strictness");
    private static final SerializableString RANK = new SerializedString("rank");
    private static final SerializableString LABEL = new SerializedString("label");
    private static final SerializableString MESSAGE = new SerializedString("message");
    private static final SerializableString RELAXED = new SerializedString("relaxed");
    private static final SerializableString WEIGHT = new SerializedString("weight");
    private static final SerializableString TOTAL = new SerializedString("total");
    private static final SerializableString PARTS = new SerializedString("parts");

    // Score part names are few and fixed by the ranker; quoted once each.
    private static final Map<String, SerializableString> PART_NAMES = new ConcurrentHashMap<>();

    private DecisionDocument() {}

    /** The document compressed for storage (see {@link CompressedDocument}), never held whole uncompressed. */
    static byte[] writeCompressed(Decision decision) {
        CompressedDocument.Output out = new CompressedDocument.Output();
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            decision(json, decision);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write decision " + decision.allocationId(), e);
        }
        return out.finish();
    }

    private static void decision(JsonGenerator json, Decision decision) throws IOException {
        json.writeStartObject();
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
        json.writeFieldName(DENIALS);
        reasons(json, decision.denials());
        json.writeFieldName(CANDIDATES);
        if (decision.candidates() == null) {
            json.writeNull();
        } else {
            json.writeStartArray();
            for (CandidateExplanation candidate : decision.candidates()) {
                candidate(json, candidate);
            }
            json.writeEndArray();
        }
        json.writeFieldName(NOT_EXAMINED);
        json.writeNumber(decision.notExamined());
        json.writeEndObject();
    }

    private static void candidate(JsonGenerator json, CandidateExplanation candidate) throws IOException {
        if (candidate == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        string(json, NODE_ID, candidate.nodeId());
        string(json, KIND, candidate.kind());
        string(json, PEER_TYPE, candidate.peerType());
        string(json, VERDICT, name(candidate.verdict()));
        json.writeFieldName(SPARE_UPLINK_KBPS);
        json.writeNumber(candidate.spareUplinkKbps());
        json.writeFieldName(RATE_KBPS);
        json.writeNumber(candidate.rateKbps());
        json.writeFieldName(REASONS);
        reasons(json, candidate.reasons());
        json.writeFieldName(PREFERENCES);
        preferences(json, candidate.preferences());
        json.writeFieldName(SCORE);
        score(json, candidate.score());
        string(json, NOTE, candidate.note());
        json.writeEndObject();
    }

    private static void reasons(JsonGenerator json, List<Reason> reasons) throws IOException {
        if (reasons == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Reason reason : reasons) {
            if (reason == null) {
                json.writeNull();
                continue;
            }
            json.writeStartObject();
            string(json, CODE, reason.code());
            string(json, RULE, reason.rule());
            string(json, POLICY_KIND, name(reason.policyKind()));
            string(json, STRICTNESS, name(reason.strictness()));
            json.writeFieldName(RANK);
            json.writeNumber(reason.rank());
            string(json, LABEL, reason.label());
            string(json, MESSAGE, reason.message());
            json.writeFieldName(RELAXED);
            json.writeBoolean(reason.relaxed());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void preferences(JsonGenerator json, List<Preference> preferences) throws IOException {
        if (preferences == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Preference preference : preferences) {
            if (preference == null) {
                json.writeNull();
                continue;
            }
            json.writeStartObject();
            string(json, CODE, preference.code());
            string(json, RULE, preference.rule());
            json.writeFieldName(WEIGHT);
            json.writeNumber(preference.weight());
            string(json, MESSAGE, preference.message());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void score(JsonGenerator json, Score score) throws IOException {
        if (score == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName(TOTAL);
        number(json, score.total());
        json.writeFieldName(PARTS);
        if (score.parts() == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            for (Map.Entry<String, Double> part : score.parts().entrySet()) {
                json.writeFieldName(PART_NAMES.computeIfAbsent(part.getKey(), SerializedString::new));
                if (part.getValue() == null) {
                    json.writeNull();
                } else {
                    number(json, part.getValue());
                }
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, double value) throws IOException {
        String text = hundredthsText(value);
        if (text == null) {
            json.writeNumber(value);
        } else {
            json.writeNumber(text);
        }
    }

    /**
     * A number as {@link Double#toString} writes it, when it is a whole number of hundredths below 10^7 in magnitude
     * (scores are rounded to hundredths): its digits are then those of the hundredths, written without a general
     * conversion. Null for any other number.
     */
    static String hundredthsText(double value) {
        long hundredths = Math.round(value * 100);
        if (!(Math.abs(value) < 1.0e7) || hundredths / 100.0 != value) {
            return null;
        }
        StringBuilder text = new StringBuilder(12);
        if (value < 0 || (value == 0 && 1 / value < 0)) {
            text.append('-');
        }
        long magnitude = Math.abs(hundredths);
        text.append(magnitude / 100).append('.');
        int fraction = (int) (magnitude % 100);
        if (fraction == 0) {
            text.append('0');
        } else if (fraction % 10 == 0) {
            text.append(fraction / 10);
        } else {
            text.append(fraction / 10).append(fraction % 10);
        }
        return text.toString();
    }

    private static void string(JsonGenerator json, SerializableString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    private static void strings(JsonGenerator json, List<String> values) throws IOException {
        if (values == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
