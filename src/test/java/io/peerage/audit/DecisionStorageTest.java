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
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
