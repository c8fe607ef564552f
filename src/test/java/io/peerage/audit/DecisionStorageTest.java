package io.peerage.audit;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decision documents are stored compressed, readable by the service and by auditors in SQL. */
@QuarkusTest
class DecisionStorageTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Test
    void a_stored_decision_reads_back_in_sql_with_uncompress_as_the_explanation_the_api_gives() throws Exception {
        String content = declareLive(1000);
        String light = joinLightweight(5000, "isp-s", "SE");
        String regular = joinRegular(2000, "isp-s", "SE");
        hold(light, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-s", "SE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        Object[] stored = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager
                .createNativeQuery("select length(explanation), uncompress(explanation) from decision where id = ?1")
                .setParameter(1, allocationId)
                .getSingleResult());
        String document =
                stored[1] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) stored[1];
        JsonNode inSql = json.readTree(document);
        JsonNode fromApi = json.readTree(
                explanation(allocationId).statusCode(200).extract().asString());

        assertThat(inSql).isEqualTo(fromApi);
        assertThat(inSql.path("candidates").findValuesAsText("nodeId")).containsExactlyInAnyOrder(light, regular);
        assertThat(((Number) stored[0]).intValue()).isLessThan(document.length());
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
}
