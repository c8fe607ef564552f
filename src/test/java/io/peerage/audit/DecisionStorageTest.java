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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decision documents are stored compressed, readable by the service and by auditors in SQL. */
@QuarkusTest
class DecisionStorageTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Test
    void a_stored_decision_reads_back_in_sql_with_uncompress_and_holds_the_explanation_the_api_gives()
            throws Exception {
        String content = declareLive(1000);
        String light = joinLightweight(5000, "isp-s", "SE");
        String regular = joinRegular(2000, "isp-s", "SE");
        hold(light, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-s", "SE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        Object[] stored = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager
                .createNativeQuery("select length(explanation), uncompress(explanation),"
                        + " json_value(uncompress(explanation), '$.candidates[0][0]'),"
                        + " json_value(uncompress(explanation), '$.rules[0][1]')"
                        + " from decision where id = ?1")
                .setParameter(1, allocationId)
                .getSingleResult());
        byte[] document = text(stored[1]).getBytes(StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.node.ObjectNode fromApi =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                        explanation(allocationId).statusCode(200).extract().asString());
        // The revision's own fields come from the row, not the document.
        assertThat(fromApi.path("revision").asInt()).isZero();
        assertThat(fromApi.path("decisionId").asText()).isEqualTo(allocationId);
        fromApi.remove(List.of("revision", "trigger", "decisionId"));

        assertThat(json.readTree(document).path("format").asInt()).isEqualTo(DecisionDocument.FORMAT);
        // Compared as parsed text: a tree built from the record holds longs where parsing gives ints.
        assertThat(json.readTree(json.writeValueAsString(DecisionDocument.read(json, document))))
                .isEqualTo(fromApi);
        // Candidates come most spare uplink first; the first rule named is the one that rejected that holder.
        assertThat(text(stored[2])).isEqualTo(light);
        assertThat(text(stored[3])).isEqualTo("A lightweight child is never given a lightweight parent");
        assertThat(((Number) stored[0]).intValue()).isLessThan(document.length);
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
