package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    @Inject
    TestClock clock;

    @Test
    void why_not_a_rejected_candidate_answers_from_the_decision_with_the_rule() {
        String content = declareLive(1000);
        String light = joinLightweight(5000, "isp-w", "AT");
        String regular = joinRegular(2000, "isp-w", "AT");
        hold(light, content);
        hold(regular, content);
        String child = joinLightweight(500, "isp-w", "AT");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        given().queryParam("child", child)
                .queryParam("parent", light)
                .get("/v1/why-not")
                .then()
                .statusCode(200)
                .body("source", equalTo("DECISION"))
                .body("decisionId", equalTo(allocationId))
                .body("chosen", equalTo(false))
                .body("verdict", equalTo("REJECTED"))
                .body("reasons.rule", contains("A lightweight child is never given a lightweight parent"))
                .body(
                        "reasons.message",
                        contains("child " + child + " and candidate " + light + " are both lightweight"))
                .body("note", equalTo("rejected by \"A lightweight child is never given a lightweight parent\""));

        given().queryParam("child", child)
                .queryParam("parent", regular)
                .get("/v1/why-not")
                .then()
                .body("chosen", equalTo(true))
                .body("verdict", equalTo("ASSIGNED"))
                .body("note", equalTo(regular + " was chosen, with 1000 kbps"));
    }

    @Test
    void why_not_a_node_that_was_never_a_candidate_answers_from_the_current_state() {
        String content = declareLive(1000);
        String holder = joinRegular(2000, "isp-x", "CH");
        hold(holder, content);
        String child = joinRegular(500, "isp-x", "CH");
        String bystander = joinRegular(2000, "isp-x", "CH");
        allocate(child, content).statusCode(201);
        String busy = joinRegular(100, "isp-x", "CH");
        hold(busy, content);

        given().queryParam("child", child)
                .queryParam("parent", bystander)
                .get("/v1/why-not")
                .then()
                .statusCode(200)
                .body("source", equalTo("CURRENT_STATE"))
                .body("chosen", equalTo(false))
                .body("verdict", nullValue())
                .body("reasons.code", contains("not-a-holder"))
                .body("reasons.message", contains(bystander + " does not hold content " + content))
                .body(
                        "note",
                        equalTo("not a candidate in the latest decision about " + child
                                + "; checked against the current state"));

        given().queryParam("child", child)
                .queryParam("parent", child)
                .get("/v1/why-not")
                .then()
                .body("reasons.code", contains("is-the-child", "not-a-holder"))
                .body(
                        "reasons.message",
                        contains(child + " is the child itself", child + " does not hold content " + content));

        given().queryParam("child", child)
                .queryParam("parent", busy)
                .queryParam("content", content)
                .get("/v1/why-not")
                .then()
                .body("source", equalTo("CURRENT_STATE"))
                .body("reasons.code", contains("no-spare-uplink"))
                .body(
                        "reasons.message",
                        contains(busy + " has 100 kbps spare uplink; a parent needs at least 250 kbps"));
    }

    @Test
    void why_not_a_node_that_left_says_it_is_offline() {
        String content = declareLive(1000);
        String child = joinRegular(500, "isp-y", "CZ");
        String gone = joinRegular(2000, "isp-y", "CZ");
        given().delete("/v1/nodes/" + gone).then().statusCode(200);
        given().queryParam("child", child)
                .queryParam("parent", gone)
                .queryParam("content", content)
                .get("/v1/why-not")
                .then()
                .body("source", equalTo("CURRENT_STATE"))
                .body("decisionId", nullValue())
                .body("reasons.code", contains("offline"))
                .body("reasons.message", contains(gone + " has left the swarm"));
    }

    @Test
    void why_not_needs_both_nodes_and_names_what_is_missing() {
        given().get("/v1/why-not")
                .then()
                .statusCode(400)
                .body("errors.field", contains("child", "parent"))
                .body(
                        "errors.message",
                        contains(
                                "is required: the node that asked for content",
                                "is required: the node that was not chosen"));
        String child = joinRegular(500, "isp-z", "PL");
        given().queryParam("child", child)
                .queryParam("parent", "ghost")
                .get("/v1/why-not")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-node"))
                .body("detail", equalTo("unknown node 'ghost'"));
    }

    @Test
    void decisions_are_filtered_by_node_content_rule_and_time_and_paged() {
        clock.advance(Duration.ofDays(1));
        Instant start = clock.instant();
        String content = declareLive(700);
        String light = joinLightweight(5000, "isp-q", "SE");
        String cdn = joinCdn(100_000);
        hold(light, content);
        hold(cdn, content);
        String first = joinLightweight(500, "isp-q", "SE");
        String second = joinRegular(500, "isp-q", "SE");
        String firstDecision =
                allocate(first, content).statusCode(201).extract().path("allocationId");
        clock.advance(Duration.ofMinutes(1));
        String secondDecision =
                allocate(second, content).statusCode(201).extract().path("allocationId");

        given().queryParam("content", content)
                .get("/v1/decisions")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.allocationId", contains(secondDecision, firstDecision))
                .body("items[1].explanation", equalTo("/v1/allocations/" + firstDecision + "/explanation"));
        given().queryParam("node", light)
                .queryParam("content", content)
                .get("/v1/decisions")
                .then()
                .body("items.allocationId", containsInAnyOrder(firstDecision, secondDecision));
        given().queryParam("node", first)
                .get("/v1/decisions")
                .then()
                .body("items.allocationId", contains(firstDecision));
        given().queryParam("rule", "lightweight-to-lightweight")
                .queryParam("content", content)
                .get("/v1/decisions")
                .then()
                .body("items.allocationId", contains(firstDecision));
        given().queryParam("rule", "A lightweight child is never given a lightweight parent")
                .queryParam("content", content)
                .get("/v1/decisions")
                .then()
                .body("items.allocationId", contains(firstDecision));
        given().queryParam("content", content)
                .queryParam("from", start.plusSeconds(30).toString())
                .get("/v1/decisions")
                .then()
                .body("items.allocationId", contains(secondDecision));
        given().queryParam("content", content)
                .queryParam("size", 1)
                .queryParam("page", 1)
                .get("/v1/decisions")
                .then()
                .body("total", equalTo(2))
                .body("page", equalTo(1))
                .body("items.allocationId", contains(firstDecision));
        given().queryParam("content", content)
                .queryParam("page", 5)
                .get("/v1/decisions")
                .then()
                .body("items", empty());
    }

    @Test
    void decision_filters_with_bad_values_are_refused_with_every_field_named() {
        given().queryParam("from", "yesterday")
                .queryParam("size", 0)
                .queryParam("page", "x")
                .get("/v1/decisions")
                .then()
                .statusCode(400)
                .body("errors", hasSize(3))
                .body("errors.field", containsInAnyOrder("from", "size", "page"))
                .body(
                        "errors.message",
                        containsInAnyOrder(
                                "'yesterday' is not an ISO-8601 instant such as 2026-11-25T13:00:00Z",
                                "must be between 1 and 200, not 0",
                                "'x' is not a whole number"));
        given().queryParam("from", "2026-01-02T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z")
                .get("/v1/decisions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].message", equalTo("must be after from (2026-01-02T00:00:00Z)"));
    }
}
