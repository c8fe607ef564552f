package io.peerage.audit;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written decision document is exactly what the service's data binding writes, and reads back the same. */
@QuarkusTest
class DecisionDocumentTest {

    @Inject
    ObjectMapper json;

    @Inject
    DecisionStore decisions;

    @Test
    void a_real_decision_is_written_as_data_binding_writes_it() throws Exception {
        String content = declareLive(1000);
        String cdn = joinCdn(100_000);
        String light = joinLightweight(5000, "isp-d", "DK");
        String regular = joinRegular(2000, "isp-d", "DK");
        hold(cdn, content);
        hold(light, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-d", "DK");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        Decision decision = decisions.find(allocationId).orElseThrow();

        assertWrittenAsDataBindingDoes(decision);
        assertThat(decision.candidates()).hasSize(3);
    }

    @Test
    void every_field_shape_is_written_as_data_binding_writes_it() throws Exception {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("peer", 20.0);
        parts.put("near", 7.57);
        parts.put("spareUplink", 1.0E-4);
        parts.put("policy", -30.0);
        parts.put("quality", 0.05);
        parts.put("holding", 12_345_678.9);
        parts.put("sameIsp", -0.0);
        Reason relaxed = new Reason(
                "prefer-\"quoted\"",
                "Rule with “typographic” quotes, a tab\tand a line\nbreak",
                PolicyKind.NETWORK,
                Strictness.SOFT,
                7,
                "label ünïcode",
                "message … with an emoji 🎬",
                true);
        Reason denial =
                new Reason("geo-block", "Geo block", PolicyKind.PROVIDER, Strictness.HARD, 1, null, "denied", false);
        Decision decision = new Decision(
                "a-1",
                "child-1",
                "content-1",
                Instant.parse("2026-11-25T16:08:49.637043272Z"),
                3,
                Outcome.PARTIAL,
                4000,
                2500,
                "2 of 3 candidates eligible",
                List.of("Prefer the same ISP"),
                List.of(denial),
                List.of(
                        new CandidateExplanation(
                                "p-1",
                                "CLIENT",
                                "REGULAR",
                                Verdict.ASSIGNED,
                                2500,
                                2500,
                                List.of(relaxed),
                                List.of(new Preference("prefer-cdn", "CDN first", -5, "not a CDN node")),
                                new Score(52.57, parts),
                                null),
                        new CandidateExplanation(
                                "p-2",
                                "CDN",
                                "REGULAR",
                                Verdict.REJECTED,
                                0,
                                0,
                                List.of(denial),
                                List.of(),
                                null,
                                "rejected by \"Geo block\"")),
                12);

        assertWrittenAsDataBindingDoes(decision);
    }

    @Test
    void scores_in_hundredths_are_written_with_the_digits_of_double_to_string() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) {
            long hundredths =
                    random.nextInt(3) == 0 ? random.nextInt(20_000) - 10_000 : random.nextLong() % 1_000_000_000L;
            double value = hundredths / 100.0;
            assertThat(DecisionDocument.hundredthsText(value)).as("%s", value).isEqualTo(Double.toString(value));
        }
        assertThat(DecisionDocument.hundredthsText(-0.0)).isEqualTo("-0.0");
        assertThat(DecisionDocument.hundredthsText(0.001)).isNull();
        assertThat(DecisionDocument.hundredthsText(1.0e7)).isNull();
        assertThat(DecisionDocument.hundredthsText(Double.NaN)).isNull();
        assertThat(DecisionDocument.hundredthsText(Double.NEGATIVE_INFINITY)).isNull();
    }

    private void assertWrittenAsDataBindingDoes(Decision decision) throws Exception {
        byte[] written = CompressedDocument.decompress(DecisionDocument.writeCompressed(decision));
        // Data binding with the same double writer, so that the comparison is byte for byte.
        ObjectMapper binding = json.copy().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new String(binding.writeValueAsBytes(decision), StandardCharsets.UTF_8));
        assertThat(json.readValue(written, Decision.class)).isEqualTo(decision);
    }
}
