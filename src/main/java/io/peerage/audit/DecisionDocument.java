package io.peerage.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a decision as the JSON document that {@code GET /v1/allocations/{id}/explanation} shows, field by field with
 * Jackson's streaming generator. One document is written for every allocation, on the request thread, and data binding
 * (reflection on every record accessor, a serializer lookup per value) cost several times more than the writing itself.
 * The document is the same as data binding writes; {@code DecisionDocumentTest} holds the two to that.
 */
final class DecisionDocument {

    // The shortest-representation double writer gives the same digits as Double.toString, several times faster.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private DecisionDocument() {}

    static byte[] write(Decision decision) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(16 * 1024)) {
            try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                decision(json, decision);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write decision " + decision.allocationId(), e);
        }
    }

    private static void decision(JsonGenerator json, Decision decision) throws IOException {
        json.writeStartObject();
        json.writeStringField("allocationId", decision.allocationId());
        json.writeStringField("childId", decision.childId());
        json.writeStringField("contentId", decision.contentId());
        json.writeStringField(
                "decidedAt",
                decision.decidedAt() == null ? null : decision.decidedAt().toString());
        json.writeNumberField("policyVersion", decision.policyVersion());
        json.writeStringField("outcome", name(decision.outcome()));
        json.writeNumberField("requiredKbps", decision.requiredKbps());
        json.writeNumberField("coveredKbps", decision.coveredKbps());
        json.writeStringField("summary", decision.summary());
        json.writeFieldName("relaxedPolicies");
        strings(json, decision.relaxedPolicies());
        json.writeFieldName("denials");
        reasons(json, decision.denials());
        json.writeFieldName("candidates");
        if (decision.candidates() == null) {
            json.writeNull();
        } else {
            json.writeStartArray();
            for (CandidateExplanation candidate : decision.candidates()) {
                candidate(json, candidate);
            }
            json.writeEndArray();
        }
        json.writeNumberField("notExamined", decision.notExamined());
        json.writeEndObject();
    }

    private static void candidate(JsonGenerator json, CandidateExplanation candidate) throws IOException {
        if (candidate == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("nodeId", candidate.nodeId());
        json.writeStringField("kind", candidate.kind());
        json.writeStringField("peerType", candidate.peerType());
        json.writeStringField("verdict", name(candidate.verdict()));
        json.writeNumberField("spareUplinkKbps", candidate.spareUplinkKbps());
        json.writeNumberField("rateKbps", candidate.rateKbps());
        json.writeFieldName("reasons");
        reasons(json, candidate.reasons());
        json.writeFieldName("preferences");
        preferences(json, candidate.preferences());
        json.writeFieldName("score");
        score(json, candidate.score());
        json.writeStringField("note", candidate.note());
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
            json.writeStringField("code", reason.code());
            json.writeStringField("rule", reason.rule());
            json.writeStringField("policyKind", name(reason.policyKind()));
            json.writeStringField("strictness", name(reason.strictness()));
            json.writeNumberField("rank", reason.rank());
            json.writeStringField("label", reason.label());
            json.writeStringField("message", reason.message());
            json.writeBooleanField("relaxed", reason.relaxed());
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
            json.writeStringField("code", preference.code());
            json.writeStringField("rule", preference.rule());
            json.writeNumberField("weight", preference.weight());
            json.writeStringField("message", preference.message());
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
        json.writeNumberField("total", score.total());
        json.writeFieldName("parts");
        if (score.parts() == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            for (Map.Entry<String, Double> part : score.parts().entrySet()) {
                json.writeFieldName(part.getKey());
                if (part.getValue() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(part.getValue());
                }
            }
            json.writeEndObject();
        }
        json.writeEndObject();
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
