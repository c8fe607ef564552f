package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules that run past their time budget: the request fails closed with 503, and its decision is on record. */
@QuarkusTest
class PolicyTimeoutTest {

    @Inject
    TestClock clock;

    @Test
    void a_request_past_the_budget_answers_503_naming_the_last_rule_and_its_decision_is_recorded() {
        String content = declareLive(1000);
        String cdn = joinCdn(100_000);
        hold(cdn, content);
        String peer = joinRegular(5000, "isp-budget", "DE");
        hold(peer, content);
        // The active set's first evaluation is exempt from the budget (Drools compiles its constraints then).
        allocate(joinRegular(1000, "isp-budget", "DE"), content).statusCode(201);
        String child = joinRegular(1000, "isp-budget", "DE");
        String peerSpareBefore =
                given().get("/v1/nodes/" + peer).path("spareUplinkKbps").toString();

        // Each look at the clock finds 30 ms gone: the rules are slow, the budget (50 ms) runs out at a firing.
        clock.advanceOnEachRead(Duration.ofMillis(30));
        Response answer;
        try {
            answer = allocate(child, content).extract().response();
        } finally {
            clock.standStill();
        }

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.jsonPath().getString("type")).endsWith("/policy-timeout");
        assertThat(answer.jsonPath().getLong("budgetMillis")).isEqualTo(50);
        assertThat(answer.jsonPath().getLong("elapsedMillis")).isGreaterThan(50);
        String lastRule = answer.jsonPath().getString("lastRule");
        assertThat(lastRule).as("the last rule that fired is named").isNotBlank();
        assertThat(answer.jsonPath().getString("detail"))
                .startsWith("the policies took ")
                .contains("over their budget of 50 ms; the last rule that fired was \"" + lastRule + "\"");
        String allocationId = answer.jsonPath().getString("allocationId");
        assertThat(allocationId).isNotBlank();

        // Nothing reserved, no allocation; the decision is on record with its outcome and why.
        given().get("/v1/nodes/" + peer).then().body("spareUplinkKbps", equalTo(Integer.valueOf(peerSpareBefore)));
        given().get("/v1/nodes/" + child).then().body("allocationsAsChild.size()", equalTo(0));
        given().queryParam("node", child)
                .get("/v1/decisions")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].allocationId", equalTo(allocationId))
                .body("items[0].outcome", equalTo("POLICY_TIMEOUT"))
                .body("items[0].summary", startsWith("no decision: the policies took "));
    }
}
