package io.peerage.audit;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.swarm.HolderPart;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions are stored in a compact form that names rules and score parts once, and read back exactly. */
@QuarkusTest
class DecisionDocumentTest {

    @Inject
    ObjectMapper json;

    @Inject
    DecisionStore decisions;

    @Test
    void a_real_decision_reads_back_as_it_was_and_names_each_rule_once() throws Exception {
        String content = declareLive(1000);
        String cdn = joinCdn(100_000);
        String light = joinLightweight(5000, "isp-d", "DK");
        String otherLight = joinLightweight(4000, "isp-d", "DK");
        String regular = joinRegular(2000, "isp-d", "DK");
        hold(cdn, content);
        hold(light, content);
        hold(otherLight, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-d", "DK");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        Decision decision = decisions.find(allocationId).orElseThrow();

        String stored = roundTrip(decision);

        assertThat(decision.candidates()).hasSize(4);
        String lightweightRule = "A lightweight child is never given a lightweight parent";
        assertThat(decision.candidates().stream()
                        .filter(c -> c.reasons().stream().anyMatch(r -> r.rule().equals(lightweightRule))))
                .hasSize(2);
        assertThat(occurrences(stored, lightweightRule)).isEqualTo(1);
        assertThat(occurrences(stored, "\"sameIsp\"")).isEqualTo(1);
        assertThat(stored.length()).isLessThan(json.writeValueAsString(decision).length() * 2 / 3);
    }

    @Test
    void every_field_shape_reads_back_as_it_was() throws Exception {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("peer", 20.0);
        parts.put("near", 7.57);
        parts.put("spareUplink", 1.0E-4);
        parts.put("policy", -30.0);
        parts.put("quality", 0.05);
        parts.put("holding", 12_345_678.9);
        parts.put("sameIsp", -0.0);
        parts.put("sameAsn", null);
        Map<String, Double> otherParts = new LinkedHashMap<>();
        otherParts.put("custom", Double.NaN);
        otherParts.put("peer", Double.NEGATIVE_INFINITY);
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
        Reason sameRuleOtherText = new Reason(
                "geo-block", "Geo block", PolicyKind.PROVIDER, Strictness.HARD, 1, null, "denied again", false);
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
                Arrays.asList(
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
                                List.of(denial, sameRuleOtherText),
                                List.of(),
                                null,
                                "rejected by \"Geo block\""),
                        new CandidateExplanation(
                                "p-3",
                                null,
                                null,
                                null,
                                -1,
                                Long.MAX_VALUE,
                                Arrays.asList(null, relaxed),
                                Arrays.asList(new Preference("prefer-cdn", "CDN first", 3, null), null),
                                new Score(Double.POSITIVE_INFINITY, otherParts),
                                "a score with parts of its own"),
                        new CandidateExplanation(
                                "p-4",
                                "CLIENT",
                                "LIGHTWEIGHT",
                                Verdict.OUTRANKED,
                                1,
                                0,
                                null,
                                null,
                                new Score(0.1, null),
                                null),
                        null),
                12,
                Map.of());

        String stored = roundTrip(decision);

        // Scores in hundredths as whole numbers; what is not a number of hundredths as it is.
        assertThat(stored).contains("[5257,2000,757,1.0E-4,-3000,5,1234567890,-0.0,null]");
        assertThat(stored).contains("\"scoreParts\":[\"peer\",\"near\",\"spareUplink\",\"policy\",\"quality\"");
        assertThat(stored).contains("{\"total\":\"Infinity\",\"parts\":{\"custom\":\"NaN\",\"peer\":\"-Infinity\"}}");
        assertThat(occurrences(stored, "\"Geo block\"")).isEqualTo(1);
        Decision empty = new Decision(null, null, null, null, 0, null, 0, 0, null, null, null, null, 0, null);
        roundTrip(empty);
    }

    @Test
    void rules_named_alike_with_other_metadata_and_parts_in_another_order_keep_what_is_theirs() throws Exception {
        Reason firstVersion = new Reason("code", "Rule", PolicyKind.CLIENT, Strictness.SOFT, 3, "label", "m1", false);
        Reason otherRank = new Reason("code", "Rule", PolicyKind.CLIENT, Strictness.SOFT, 9, "label", "m2", false);
        Reason otherLabel = new Reason("code", "Rule", PolicyKind.CLIENT, Strictness.SOFT, 3, "other", "m3", false);
        Reason otherStrictness = new Reason("code", "Rule", PolicyKind.CLIENT, Strictness.HARD, 3, "label", "m4", true);
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("peer", 20.0);
        parts.put("near", 1.5);
        Map<String, Double> sameKeysOtherOrder = new LinkedHashMap<>();
        sameKeysOtherOrder.put("near", 2.25);
        sameKeysOtherOrder.put("peer", 0.0);
        Map<String, Double> large = new LinkedHashMap<>();
        large.put("peer", 1.0e13);
        large.put("near", -123_456_789_012.34);
        Decision decision = allocated(
                "a-3",
                List.of(otherStrictness),
                List.of(
                        candidate("p-1", List.of(firstVersion, otherRank), new Score(21.5, parts)),
                        candidate("p-2", List.of(otherLabel), new Score(2.25, sameKeysOtherOrder)),
                        candidate("p-3", List.of(), new Score(1.0e13, large))));

        String stored = roundTrip(decision);

        assertThat(occurrences(stored, "\"Rule\"")).isEqualTo(4);
        assertThat(stored).contains("{\"total\":225,\"parts\":{\"near\":225,\"peer\":0}}");
        assertThat(stored).contains("[1.0E13,1.0E13,-12345678901234]");
    }

    @Test
    void holders_not_examined_are_kept_by_part_and_older_documents_read_with_no_parts() throws Exception {
        Map<HolderPart, Integer> byPart = new EnumMap<>(HolderPart.class);
        byPart.put(HolderPart.REGION, 12);
        byPart.put(HolderPart.ELSEWHERE, 30);
        Decision allocated = allocated("a-parts", List.of(), List.of());
        Decision decision = new Decision(
                allocated.allocationId(),
                allocated.childId(),
                allocated.contentId(),
                allocated.decidedAt(),
                allocated.policyVersion(),
                allocated.outcome(),
                allocated.requiredKbps(),
                allocated.coveredKbps(),
                allocated.summary(),
                allocated.relaxedPolicies(),
                allocated.denials(),
                allocated.candidates(),
                42,
                byPart);

        String stored = roundTrip(decision);

        assertThat(stored).endsWith("\"notExamined\":42,\"notExaminedByPart\":{\"REGION\":12,\"ELSEWHERE\":30}}");
        assertThat(DecisionDocument.read(
                                json,
                                stored.replace(",\"notExaminedByPart\":{\"REGION\":12,\"ELSEWHERE\":30}", "")
                                        .getBytes(StandardCharsets.UTF_8))
                        .notExaminedByPart())
                .isEmpty();
        assertThat(allocated.notExaminedByPart()).isEmpty();
    }

    @Test
    void a_damaged_compact_document_is_refused_with_the_reason() {
        assertThatThrownBy(() -> DecisionDocument.read(
                        json, "{\"format\":2,\"candidates\":[[]]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a damaged decision document: ");
        assertThatThrownBy(() -> DecisionDocument.read(
                        json,
                        "{\"format\":2,\"decidedAt\":\"yesterday\",\"candidates\":[]}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yesterday");
    }

    /** A decision that allocated 1000 of 1000 kbps, with the given denials and candidates. */
    private static Decision allocated(String id, List<Reason> denials, List<CandidateExplanation> candidates) {
        return new Decision(
                id,
                "child-of-" + id,
                "content-of-" + id,
                Instant.parse("2026-11-25T10:00:00Z"),
                4,
                Outcome.ALLOCATED,
                1000,
                1000,
                "ok",
                List.of(),
                denials,
                candidates,
                0,
                Map.of());
    }

    private static CandidateExplanation candidate(String id, List<Reason> reasons, Score score) {
        return new CandidateExplanation(
                id, "CLIENT", "REGULAR", Verdict.OUTRANKED, 100, 0, reasons, List.of(), score, null);
    }

    @Test
    void documents_stored_in_full_before_the_compact_form_still_read() throws Exception {
        Reason reason = new Reason("c", "R", PolicyKind.CLIENT, Strictness.HARD, 2, "l", "m", false);
        Decision decision = allocated(
                "a-2", List.of(), List.of(candidate("p-1", List.of(reason), new Score(12.5, Map.of("peer", 12.5)))));

        assertThat(DecisionDocument.read(json, json.writeValueAsBytes(decision)))
                .isEqualTo(decision);
    }

    @Test
    void a_document_of_an_unknown_form_is_refused_with_the_reason() {
        assertThatThrownBy(() -> DecisionDocument.read(json, "{\"format\":9}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown decision document format 9");
        assertThatThrownBy(() -> DecisionDocument.read(json, "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a decision document is a JSON object");
    }

    /** Writes the stored form, checks it reads back equal, and returns it as text. */
    private String roundTrip(Decision decision) throws Exception {
        byte[] stored = CompressedDocument.decompress(DecisionDocument.writeCompressed(decision));
        assertThat(DecisionDocument.read(json, stored)).isEqualTo(decision);
        return new String(stored, StandardCharsets.UTF_8);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
