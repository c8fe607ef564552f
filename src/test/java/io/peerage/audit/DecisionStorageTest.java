package io.peerage.audit;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.allocation.AllocationIds;
import io.peerage.journal.Journal;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.PolicySet;
import io.peerage.support.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Decisions are stored compact; rows in the JSON document form written before stay readable and explain the same. */
@QuarkusTest
class DecisionStorageTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    DecisionStore decisions;

    @Test
    void a_decision_is_stored_compact_and_a_row_in_the_json_document_form_explains_the_same() throws Exception {
        String content = declareLive(1000);
        String light = joinLightweight(5000, "isp-s", "SE");
        String regular = joinRegular(2000, "isp-s", "SE");
        hold(light, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-s", "SE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        String compactAnswer = explanation(allocationId).extract().asString();

        byte[] stored = QuarkusTransaction.requiringNew().call(() -> (byte[]) entityManager
                .createNativeQuery("select explanation from decision where id = ?1")
                .setParameter(1, allocationId)
                .getSingleResult());
        assertThat(CompactDecision.isCompact(stored)).isTrue();
        Decision decision = decisions.find(allocationId).orElseThrow();
        // The same decision as rows were written before the compact form: the JSON document, compressed.
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("update decision set explanation = ?1 where id = ?2")
                        .setParameter(1, DecisionDocument.writeCompressed(decision))
                        .setParameter(2, allocationId)
                        .executeUpdate());
        String documentAnswer = explanation(allocationId).extract().asString();

        assertThat(json.readTree(documentAnswer)).isEqualTo(json.readTree(compactAnswer));
        assertThat(json.readTree(compactAnswer)
                        .path("candidates")
                        .get(0)
                        .path("nodeId")
                        .asText())
                .isEqualTo(light);
        assertThat(json.readTree(compactAnswer)
                        .path("candidates")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("rule")
                        .asText())
                .isEqualTo("A lightweight child is never given a lightweight parent");
        assertThat(json.readTree(compactAnswer)
                        .path("candidates")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("message")
                        .asText())
                .isEqualTo("child " + child + " and candidate " + light + " are both lightweight");
    }

    @Inject
    Journal journal;

    @Inject
    PolicyEngine policies;

    @Test
    void rows_of_both_forms_are_found_by_node_rule_and_revision_and_term_numbers_outlive_a_restart() throws Exception {
        PolicySet active = policies.current();
        RandomDecisions generated = RandomDecisions.recordable(
                41, active.number(), List.copyOf(active.rules().values()));
        Decision decision = generated.next();
        while (!RandomDecisions.recordable(decision)
                || decision.candidates().size() < 2
                || decision.candidates().stream().allMatch(c -> c.reasons().isEmpty())) {
            decision = generated.next();
        }
        String child = Api.id("child");
        String content = Api.id("content");
        Decision compact = decision.withId(AllocationIds.next(decision.decidedAt()));
        compact = new Decision(
                compact.allocationId(),
                child,
                content,
                compact.decidedAt(),
                compact.policyVersion(),
                compact.outcome(),
                compact.requiredKbps(),
                compact.coveredKbps(),
                compact.summary(),
                compact.relaxedPolicies(),
                compact.denials(),
                compact.candidates(),
                compact.notExamined(),
                compact.notExaminedByPart());
        Decision repair = compact.withId(AllocationIds.next(compact.decidedAt().plusSeconds(1)));
        String repairId = repair.allocationId();
        repair = new Decision(
                compact.allocationId(),
                child,
                content,
                repair.decidedAt(),
                repair.policyVersion(),
                repair.outcome(),
                repair.requiredKbps(),
                repair.coveredKbps(),
                repair.summary(),
                repair.relaxedPolicies(),
                repair.denials(),
                repair.candidates(),
                repair.notExamined(),
                repair.notExaminedByPart());
        journal.write(
                decisions.record(compact), decisions.recordRevision(repairId, 1, RepairTrigger.PARENT_LEFT, repair));
        // A row of the same decision as written before V10: JSON lists in candidate_ids and rules.
        String oldId = AllocationIds.next(compact.decidedAt().minusSeconds(1));
        Decision old = compact.withId(oldId);
        String oldCandidates = json.writeValueAsString(JsonRowColumns.candidateIds(old));
        String oldRules = json.writeValueAsString(JsonRowColumns.rules(old));
        String compactId = compact.allocationId();
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery(
                                "insert into decision (id, decided_at, child_id, content_id, outcome, policy_version,"
                                        + " summary, candidate_ids, rules, explanation, allocation_id, revision)"
                                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1, 0)")
                        .setParameter(1, oldId)
                        .setParameter(2, old.decidedAt().minusSeconds(1))
                        .setParameter(3, child)
                        .setParameter(4, old.contentId())
                        .setParameter(5, old.outcome().name())
                        .setParameter(6, old.policyVersion())
                        .setParameter(7, old.summary())
                        .setParameter(8, oldCandidates)
                        .setParameter(9, oldRules)
                        .setParameter(10, DecisionDocument.writeCompressed(old))
                        .executeUpdate());

        Object[] columns = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager
                .createNativeQuery("select candidate_ids, rules from decision where id = ?1")
                .setParameter(1, compactId)
                .getSingleResult());
        assertThat(text(columns[0])).isEqualTo(" " + String.join(" ", JsonRowColumns.candidateIds(compact)) + " ");
        assertThat(text(columns[1])).matches("(,[0-9]+)+,");

        String candidate = JsonRowColumns.candidateIds(compact).get(1);
        assertThat(idsFound(new DecisionStore.Filter(candidate, content, null, null, null)))
                .containsExactly(repairId, compact.allocationId(), oldId);
        String otherCase = candidate.toUpperCase(Locale.ROOT).equals(candidate)
                ? candidate.toLowerCase(Locale.ROOT)
                : candidate.toUpperCase(Locale.ROOT);
        if (!otherCase.equals(candidate)
                && !JsonRowColumns.candidateIds(compact).contains(otherCase)) {
            assertThat(idsFound(new DecisionStore.Filter(otherCase, content, null, null, null)))
                    .as("ids match exactly, as JSON_CONTAINS matched them")
                    .isEmpty();
        }
        String part = candidate.substring(1);
        if (!JsonRowColumns.candidateIds(compact).contains(part) && !part.equals(child)) {
            assertThat(idsFound(new DecisionStore.Filter(part, content, null, null, null)))
                    .as("a part of an id is not the id")
                    .isEmpty();
        }
        String rule = JsonRowColumns.rules(compact).iterator().next();
        assertThat(idsFound(new DecisionStore.Filter(child, null, rule, null, null)))
                .containsExactly(repairId, compact.allocationId(), oldId);
        assertThat(idsFound(new DecisionStore.Filter(child, null, rule + " ", null, null)))
                .isEmpty();
        assertThat(idsFound(new DecisionStore.Filter(child, null, "no such rule", null, null)))
                .isEmpty();
        assertThat(idsFound(new DecisionStore.Filter(child, null, rule, null, null, RepairTrigger.PARENT_LEFT)))
                .containsExactly(repairId);

        assertThat(decisions
                        .revision(compact.allocationId(), null)
                        .orElseThrow()
                        .decisionId())
                .isEqualTo(repairId);
        assertThat(decisions.revision(compact.allocationId(), 0).orElseThrow().decision())
                .isEqualTo(compact);
        assertThat(decisions.revision(compact.allocationId(), 1).orElseThrow().decision())
                .isEqualTo(repair);
        assertThat(decisions.revision(compact.allocationId(), 2)).isEmpty();
        assertThat(decisions.revision(oldId, null).orElseThrow().decision()).isEqualTo(old);
        assertThat(decisions.revision("no-such-allocation", null)).isEmpty();

        // After a restart the numbers come from the table: the same term keeps its number, a new one gets its own.
        DecisionTerms restarted = new DecisionTerms(entityManager);
        assertThat(restarted.column(List.of(rule))).isEqualTo(terms.column(List.of(rule)));
        String fresh = "a rule first named now " + Api.id("r");
        String freshColumn = restarted.column(List.of(fresh, rule)).orElseThrow();
        assertThat(terms.column(List.of(fresh, rule))).contains(freshColumn);
        assertThat(restarted.column(List.of("x".repeat(DecisionTerms.MAX_LENGTH + 1))))
                .isEmpty();
    }

    @Test
    void the_revisions_of_an_allocation_and_the_newest_decisions_are_read_by_index() {
        assertThat(QuarkusTransaction.requiringNew()
                        .call(() -> explain("select * from decision where child_id = 'c' and allocation_id = 'a'"
                                + " order by revision desc, decided_at desc limit 1")))
                .contains("decision_by_child");
        assertThat(QuarkusTransaction.requiringNew()
                        .call(() -> explain("select * from decision order by decided_at desc, id desc limit 50")))
                .contains("decision_by_time");
    }

    private String explain(String query) {
        StringBuilder plan = new StringBuilder();
        for (Object row : entityManager.createNativeQuery("explain " + query).getResultList()) {
            plan.append(Arrays.deepToString((Object[]) row)).append('\n');
        }
        return plan.toString();
    }

    @Inject
    DecisionTerms terms;

    private List<String> idsFound(DecisionStore.Filter filter) {
        return QuarkusTransaction.requiringNew()
                .call(() -> decisions.search(filter, 0, 50).items().stream()
                        .map(entity -> entity.id)
                        .toList());
    }

    @Test
    void documents_round_trip_and_a_damaged_one_is_refused_with_the_reason() {
        byte[] document = "{\"candidates\":[{\"rule\":\"a\"},{\"rule\":\"a\"},{\"rule\":\"a\"}]}"
                .repeat(50)
                .getBytes(StandardCharsets.UTF_8);

        CompressedDocument.Output out = new CompressedDocument.Output();
        out.write(document, 0, document.length / 2);
        out.write(document, document.length / 2, document.length - document.length / 2);
        byte[] compressed = out.finish();

        assertThat(compressed.length).isLessThan(document.length / 10);
        assertThat(CompressedDocument.decompress(compressed)).isEqualTo(document);
        assertThat(CompressedDocument.decompress(new byte[0])).isEmpty();
        assertThat(new CompressedDocument.Output().finish()).isEmpty();
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> CompressedDocument.decompress(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header says " + document.length);
        assertThatThrownBy(() -> CompressedDocument.decompress(new byte[] {1, 2}))
                .hasMessage("a compressed document has at least 5 bytes, this one 2");
    }

    /** UNCOMPRESS gives binary strings, which the driver hands over as bytes. */
    private static String text(Object column) {
        return column instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) column;
    }
}
