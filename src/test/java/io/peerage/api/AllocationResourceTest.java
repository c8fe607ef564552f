package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AllocationResourceTest {

    @Test
    void a_lightweight_child_never_gets_a_lightweight_parent_and_the_explanation_names_the_rule() {
        String content = declareLive(1000);
        String light1 = joinLightweight(5000, "isp-a", "DE");
        String light2 = joinLightweight(5000, "isp-a", "DE");
        String regular = joinRegular(2000, "isp-a", "DE");
        String cdn = joinCdn(100_000);
        for (String holder : List.of(light1, light2, regular, cdn)) {
            hold(holder, content);
        }
        String child = joinLightweight(1000, "isp-a", "DE");

        String allocationId = allocate(child, content)
                .statusCode(201)
                .body("coveredKbps", equalTo(1000))
                .body("parents.nodeId", contains(regular))
                .body("parents[0].connect", equalTo("CHILD_INITIATES"))
                .body("parents[0].peerType", equalTo("REGULAR"))
                .body("summary", equalTo("2 of 4 candidates eligible: 2 lightweight-to-lightweight (COMPATIBILITY)"))
                .extract()
                .path("allocationId");

        JsonPath explanation = explanation(allocationId).extract().jsonPath();
        for (String light : List.of(light1, light2)) {
            Map<String, Object> candidate = explanation.getMap("candidates.find { it.nodeId == '" + light + "' }");
            assertThat(candidate.get("verdict")).isEqualTo("REJECTED");
            assertThat(explanation.getList("candidates.find { it.nodeId == '" + light + "' }.reasons.rule"))
                    .containsExactly("A lightweight child is never given a lightweight parent");
            assertThat(explanation.getList("candidates.find { it.nodeId == '" + light + "' }.reasons.message"))
                    .containsExactly("child " + child + " and candidate " + light + " are both lightweight");
        }
        assertThat(explanation.getString("candidates.find { it.nodeId == '" + cdn + "' }.verdict"))
                .isEqualTo("OUTRANKED");
        assertThat(explanation.getString("candidates.find { it.nodeId == '" + cdn + "' }.note"))
                .isEqualTo("the content's rate was already covered by higher-ranked parents");
    }

    @Test
    void enough_parents_are_chosen_to_cover_the_bitrate_and_their_uplink_is_reserved() {
        String content = declareLive(3000);
        String first = joinRegular(1500, "isp-b", "FR");
        String second = joinRegular(1200, "isp-b", "FR");
        String third = joinRegular(1000, "isp-b", "FR");
        for (String holder : List.of(first, second, third)) {
            hold(holder, content);
        }
        String child = joinRegular(500, "isp-b", "FR");

        allocate(child, content, 4)
                .statusCode(201)
                .body("requiredKbps", equalTo(3000))
                .body("coveredKbps", equalTo(3000))
                .body("parents.nodeId", containsInAnyOrder(first, second, third))
                .body("parents.rateKbps", containsInAnyOrder(1500, 1200, 300))
                .body("parents.connect", everyItem(equalTo("BOTH_INITIATE")))
                .body("relaxedPolicies", empty());

        given().get("/v1/nodes/" + third)
                .then()
                .body("spareUplinkKbps", equalTo(700))
                .body("reservedUplinkKbps", equalTo(300))
                .body("allocationsAsParent", hasSize(1));
    }

    @Test
    void a_content_nobody_can_serve_answers_422_and_the_decision_is_still_recorded() {
        String content = declareLive(800);
        String light = joinLightweight(5000, "isp-c", "IT");
        hold(light, content);
        String child = joinLightweight(1000, "isp-c", "IT");

        String detail = "no eligible parent for " + child + " and " + content
                + ": 0 of 1 candidates eligible: 1 lightweight-to-lightweight (COMPATIBILITY)."
                + " Rules that left nothing: \"A lightweight child is never given a lightweight parent\"";
        String allocationId = allocate(child, content)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/no-eligible-parent"))
                .body("status", equalTo(422))
                .body("detail", equalTo(detail))
                .body("allocationId", notNullValue())
                .extract()
                .path("allocationId");

        explanation(allocationId)
                .body("outcome", equalTo("NO_PARENT"))
                .body("candidates[0].nodeId", equalTo(light))
                .body("candidates[0].verdict", equalTo("REJECTED"));
        given().get("/v1/allocations/" + allocationId)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("parents", empty());
    }

    @Test
    void asking_again_replaces_the_live_allocation_and_ending_it_frees_the_uplink() {
        String content = declareLive(1000);
        String parent = joinRegular(2000, "isp-d", "ES");
        hold(parent, content);
        String child = joinRegular(1000, "isp-d", "ES");

        String first = allocate(child, content).statusCode(201).extract().path("allocationId");
        // The new parents are reserved while the first allocation still holds its own.
        String second = allocate(child, content).statusCode(201).extract().path("allocationId");
        assertThat(second).isNotEqualTo(first);
        given().get("/v1/allocations/" + first)
                .then()
                .body("status", equalTo("ENDED"))
                .body("endReason", equalTo("replaced by " + second));
        given().get("/v1/nodes/" + parent).then().body("spareUplinkKbps", equalTo(1000));

        given().delete("/v1/allocations/" + second).then().statusCode(204);
        given().get("/v1/allocations/" + second).then().body("status", equalTo("ENDED"));
        given().get("/v1/nodes/" + parent).then().body("spareUplinkKbps", equalTo(2000));
        given().get("/v1/nodes/" + child).then().body("allocationsAsChild", empty());
    }

    @Test
    void asking_again_without_new_parents_keeps_the_live_allocation_and_says_so() {
        String content = declareLive(1000);
        String parent = joinRegular(1000, "isp-k", "ES");
        hold(parent, content);
        String child = joinRegular(1000, "isp-k", "ES");
        String first = allocate(child, content).statusCode(201).extract().path("allocationId");

        // The only parent's uplink is the first allocation's: nothing new is found, and the first goes on.
        String rejected = allocate(child, content)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("keptAllocationId", equalTo(first))
                .body("detail", startsWith("no eligible parent for " + child + " and " + content + ": "))
                .extract()
                .path("allocationId");
        assertThat(rejected).isNotEqualTo(first);
        given().get("/v1/allocations/" + first).then().body("status", equalTo("ACTIVE"));
        given().get("/v1/allocations/" + rejected).then().body("status", equalTo("REJECTED"));
        given().get("/v1/nodes/" + parent).then().body("spareUplinkKbps", equalTo(0));
        given().get("/v1/nodes/" + child).then().body("allocationsAsChild.allocationId", contains(first));
    }

    @Test
    void a_first_request_without_parents_keeps_nothing() {
        String content = declareLive(1000);
        String child = joinRegular(1000, "isp-n", "ES");

        allocate(child, content)
                .statusCode(422)
                .body("keptAllocationId", org.hamcrest.Matchers.nullValue())
                .body(
                        "detail",
                        equalTo("no eligible parent for " + child + ": no online node holds content " + content));
    }

    @Test
    void peers_come_before_cdn_nodes_and_the_same_isp_before_others() {
        String content = declareLive(1000);
        String cdn = joinCdn(1_000_000);
        String otherIsp = joinRegular(5000, "isp-far", "US");
        // Less than the rate: the walk reaches past the child's own network only because of that.
        String sameIsp = joinRegular(600, "isp-e", "PT");
        for (String holder : List.of(cdn, otherIsp, sameIsp)) {
            hold(holder, content);
        }
        String child = joinRegular(1000, "isp-e", "PT");

        String allocationId = allocate(child, content, 2)
                .statusCode(201)
                .body("parents.nodeId", contains(sameIsp, otherIsp))
                .body("parents.rateKbps", contains(600, 400))
                .extract()
                .path("allocationId");
        JsonPath explanation = explanation(allocationId).extract().jsonPath();
        float chosen = explanation.getFloat("candidates.find { it.nodeId == '" + sameIsp + "' }.score.total");
        float peer = explanation.getFloat("candidates.find { it.nodeId == '" + otherIsp + "' }.score.total");
        float edge = explanation.getFloat("candidates.find { it.nodeId == '" + cdn + "' }.score.total");
        assertThat(chosen).isGreaterThan(peer);
        assertThat(peer).isGreaterThan(edge);
        assertThat(explanation.getFloat("candidates.find { it.nodeId == '" + sameIsp + "' }.score.parts.sameIsp"))
                .isEqualTo(10f);
        assertThat(explanation.getFloat("candidates.find { it.nodeId == '" + cdn + "' }.score.parts.peer"))
                .isEqualTo(0f);
        assertThat(explanation.getMap("notExaminedByPart")).isEmpty();
    }

    @Test
    void holders_farther_than_a_part_that_covers_the_rate_are_counted_by_part_and_not_examined() {
        String content = declareLive(1000);
        String cdn = joinCdn(1_000_000);
        String otherIsp = joinRegular(5000, "isp-farther", "US");
        String sameIsp = joinRegular(1000, "isp-g", "PT");
        for (String holder : List.of(cdn, otherIsp, sameIsp)) {
            hold(holder, content);
        }
        String child = joinRegular(1000, "isp-g", "PT");

        String allocationId = allocate(child, content, 1)
                .statusCode(201)
                .body("parents.nodeId", contains(sameIsp))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body("candidates.nodeId", contains(cdn, sameIsp))
                .body("notExamined", equalTo(1))
                .body("notExaminedByPart", equalTo(Map.of("ELSEWHERE", 1)));
    }

    @Test
    void an_invalid_request_is_refused_with_every_field_named_and_records_nothing() {
        given().contentType("application/json")
                .body(Map.of("maxParents", 40))
                .when()
                .post("/v1/allocations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body("errors.field", contains("contentId", "maxParents", "nodeId"))
                .body(
                        "errors.message",
                        contains("must not be null", "must be less than or equal to 16", "must not be null"));
    }

    @Test
    void unknown_node_and_unknown_content_are_404_problems() {
        String content = declareLive(500);
        allocate("nobody-here", content)
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-node"))
                .body("detail", equalTo("unknown node 'nobody-here'"));
        String child = joinRegular(100, "isp-f", "DE");
        allocate(child, "no-such-content")
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-content"))
                .body("detail", equalTo("unknown content 'no-such-content'"));
        given().get("/v1/allocations/does-not-exist")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-allocation"));
        given().get("/v1/nodes/" + child).then().body("allocationsAsChild", not(hasSize(1)));
    }
}
