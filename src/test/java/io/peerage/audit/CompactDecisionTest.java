package io.peerage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peerage.policy.RuleMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compact form gives back what the JSON document gave back, for thousands of varied decisions (random policy
 * versions and swarms, every part of an explanation), and takes the rules' metadata from the version only.
 */
class CompactDecisionTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void thousands_of_varied_decisions_read_back_as_the_json_document_reads_them() throws Exception {
        int decisions = 0;
        long documentBytes = 0;
        long compactBytes = 0;
        for (long seed = 1; seed <= 60; seed++) {
            RandomDecisions generated = new RandomDecisions(seed);
            Map<String, RuleMetadata> versionRules = generated.versionRules();
            for (int i = 0; i < 50; i++) {
                Decision decision = generated.next();
                byte[] document = DecisionDocument.writeCompressed(decision);
                byte[] compact = CompactDecision.write(decision, versionRules);
                Decision fromDocument = DecisionDocument.read(JSON, CompressedDocument.decompress(document));
                Decision fromCompact = CompactDecision.read(compact, version -> {
                    assertThat(version).isEqualTo(generated.version());
                    return versionRules;
                });

                assertThat(fromCompact).as("seed %d, decision %d", seed, i).isEqualTo(fromDocument);
                // As a row stores it: the candidates' ids and the summary in the row's own columns.
                CompactDecision.Beside beside = besideOf(decision);
                byte[] inRow = CompactDecision.write(decision, versionRules, beside);
                assertThat(CompactDecision.read(inRow, version -> versionRules, beside))
                        .as("seed %d, decision %d beside its columns", seed, i)
                        .isEqualTo(fromDocument);
                if (!versionRules.isEmpty()
                        && beside.candidateIds() != null
                        && !beside.candidateIds().isEmpty()) {
                    assertThat(inRow.length).isLessThanOrEqualTo(compact.length);
                    assertThatThrownBy(() -> CompactDecision.read(inRow, version -> versionRules, null))
                            .hasMessageContaining("the row's columns are needed");
                    List<String> fewer = beside.candidateIds()
                            .subList(1, beside.candidateIds().size());
                    assertThatThrownBy(() -> CompactDecision.read(
                                    inRow,
                                    version -> versionRules,
                                    new CompactDecision.Beside(fewer, beside.summary())))
                            .hasMessageContaining("other candidates");
                }
                assertThat(fromCompact).isEqualTo(decision);
                assertThat(JSON.writeValueAsString(fromCompact)).isEqualTo(JSON.writeValueAsString(fromDocument));
                decisions++;
                documentBytes += document.length;
                compactBytes += compact.length;
            }
        }
        assertThat(decisions).isEqualTo(3000);
        // The rules' metadata and the ids in messages are no longer stored per decision.
        assertThat(compactBytes).isLessThan(documentBytes * 3 / 4);
    }

    private static CompactDecision.Beside besideOf(Decision decision) {
        List<String> ids = decision.candidates() == null
                        || decision.candidates().stream().anyMatch(c -> c == null || c.nodeId() == null)
                ? null
                : decision.candidates().stream()
                        .map(CandidateExplanation::nodeId)
                        .toList();
        return new CompactDecision.Beside(ids, decision.summary());
    }

    @Test
    void decisions_of_several_versions_written_and_read_interleaved_each_read_with_their_own_dictionary() {
        List<RandomDecisions> versions = new ArrayList<>();
        for (long seed = 200; versions.size() < 3; seed++) {
            RandomDecisions generated = new RandomDecisions(seed);
            if (generated.version() > 0
                    && versions.stream().noneMatch(other -> other.version() == generated.version())) {
                versions.add(generated);
            }
        }
        Map<Integer, Map<String, RuleMetadata>> rulesByVersion = new HashMap<>();
        versions.forEach(generated -> rulesByVersion.put(generated.version(), generated.versionRules()));
        List<Decision> written = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            RandomDecisions generated = versions.get(i % versions.size());
            Decision decision = generated.next();
            written.add(decision);
            stored.add(CompactDecision.write(decision, generated.versionRules()));
        }
        // Read back in another order, as an auditor after a restart reads rows of any version.
        for (int i = stored.size() - 1; i >= 0; i -= 2) {
            assertThat(CompactDecision.read(stored.get(i), rulesByVersion::get)).isEqualTo(written.get(i));
        }
        for (int i = 0; i < stored.size(); i += 2) {
            assertThat(CompactDecision.read(stored.get(i), rulesByVersion::get)).isEqualTo(written.get(i));
        }
    }

    @Test
    void a_dictionary_row_read_with_another_versions_rules_is_refused_not_misread() {
        RandomDecisions first = new RandomDecisions(11);
        while (first.version() == 0) {
            first = new RandomDecisions(first.version() + 300);
        }
        Map<String, RuleMetadata> other = new RandomDecisions(first.version() + 1000L).versionRules();
        Decision decision = first.next();
        byte[] compact = CompactDecision.write(decision, first.versionRules());

        assertThatThrownBy(() -> CompactDecision.read(compact, version -> other.isEmpty() ? Map.of() : other))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void the_dictionary_of_a_version_stays_what_rows_were_written_with() throws Exception {
        // Rows written with a dictionary are read with it: a change to what it holds must come with a new format.
        Map<String, RuleMetadata> rules = Map.of(
                "Peers serve only their own ISP",
                new RuleMetadata(
                        "Peers serve only their own ISP",
                        "network.drl",
                        "other-isp",
                        "other ISP",
                        io.peerage.policy.PolicyKind.NETWORK,
                        io.peerage.policy.Strictness.SOFT,
                        3,
                        "why"));
        byte[] dictionary = VersionDictionary.build(rules);
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(dictionary))
                .substring(0, 16);

        assertThat(new String(dictionary, StandardCharsets.UTF_8))
                .endsWith("other ISP (NETWORK)other-ispPeers serve only their own ISP");
        assertThat(digest).isEqualTo("205ae54ab7ab8a71");
    }

    @Test
    void a_decision_made_under_an_unstored_version_carries_its_rules_and_reads_without_a_version() {
        RandomDecisions generated = new RandomDecisions(7);
        for (int i = 0; i < 100; i++) {
            Decision decision = generated.next();
            byte[] compact = CompactDecision.write(decision, Map.of());
            assertThat(CompactDecision.read(compact, version -> {
                        throw new AssertionError("asked for version " + version);
                    }))
                    .isEqualTo(decision);
        }
    }

    @Test
    void rows_in_the_document_form_are_told_apart_from_compact_ones() {
        Decision decision = new RandomDecisions(3).next();
        assertThat(CompactDecision.isCompact(DecisionDocument.writeCompressed(decision)))
                .isFalse();
        assertThat(CompactDecision.isCompact(new byte[0])).isFalse();
        assertThat(CompactDecision.isCompact(CompactDecision.write(decision, Map.of())))
                .isTrue();
    }

    @Test
    void a_damaged_row_is_refused_with_the_reason() {
        RandomDecisions generated = new RandomDecisions(11);
        Decision decision = generated.next();
        while (decision.candidates() == null || decision.candidates().size() < 5) {
            decision = generated.next();
        }
        byte[] compact = CompactDecision.write(decision, Map.of());

        byte[] truncated = Arrays.copyOf(compact, compact.length / 2);
        assertThatThrownBy(() -> CompactDecision.read(truncated, version -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a damaged compact decision: the body holds");
        byte[] lengthDamaged = compact.clone();
        lengthDamaged[4] = (byte) 0xFF;
        lengthDamaged[5] = (byte) 0xFF;
        lengthDamaged[6] = (byte) 0xFF;
        lengthDamaged[7] = (byte) 0x7F;
        assertThatThrownBy(() -> CompactDecision.read(lengthDamaged, version -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a body of");
    }

    @Test
    void a_reason_named_by_its_version_takes_its_metadata_from_the_version() {
        RandomDecisions generated = new RandomDecisions(5);
        while (generated.version() == 0) {
            generated = new RandomDecisions(generated.version() + 100);
        }
        Map<String, RuleMetadata> versionRules = generated.versionRules();
        Decision decision = generated.next();
        while (decision.candidates() == null
                || decision.candidates().stream()
                        .noneMatch(c -> c != null
                                && c.reasons() != null
                                && c.reasons().stream()
                                        .anyMatch(r -> r != null && versionRules.containsKey(r.rule())))) {
            decision = generated.next();
        }
        byte[] compact = CompactDecision.write(decision, versionRules);
        byte[] inFull = CompactDecision.write(decision, Map.of());

        assertThat(compact.length).isLessThan(inFull.length);
        assertThatThrownBy(() -> CompactDecision.read(compact, version -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no rule");
    }

    @Test
    void templates_give_back_every_message_exactly() {
        String[][] cases = {
            {"n1 and n12 and n123", "n12", "n1", "c"},
            {"\uE000\uE001\uE002\uE003 plain", "n", "m", "c"},
            {"", "n", "m", "c"},
            {"child n1 asks for c of n1", null, "n1", "c"},
            {"same id twice: xx", "x", "x", "x"},
            {"ends with escape \uE003", "a", "b", ""},
        };
        for (String[] c : cases) {
            String template = CompactDecision.Template.of(c[0], c[1], c[2], c[3]);
            assertThat(CompactDecision.Template.fill(template, c[1], c[2], c[3]))
                    .as(c[0])
                    .isEqualTo(c[0]);
        }
        assertThat(CompactDecision.Template.of("n12 is on the same ISP as n1 (isp-a)", "n12", "n1", "c"))
                .isEqualTo("\uE000 is on the same ISP as \uE001 (isp-a)");
    }
}
