package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NodeHeartbeatTest {

    @Inject
    TestClock clock;

    /** A heartbeat as curl or wrk sends it without data: no body and no content type. */
    private static ValidatableResponse heartbeat(String nodeId) {
        return given().noContentType()
                .when()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then();
    }

    private static ValidatableResponse heartbeat(String nodeId, Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then();
    }

    private static Map<String, Object> reception(String allocationId, String parentId, Object rateKbps) {
        Map<String, Object> reception = new HashMap<>();
        reception.put("allocationId", allocationId);
        reception.put("parentId", parentId);
        reception.put("rateKbps", rateKbps);
        return reception;
    }

    @Test
    void a_heartbeat_without_a_body_is_recorded_and_answered_with_the_time_and_the_interval() {
        String node = joinCdn(10_000);
        given().get("/v1/nodes/" + node)
                .then()
                .body("lastHeartbeatAt", nullValue())
                .body("lastReport", nullValue());
        clock.advance(Duration.ofSeconds(3));
        Instant now = clock.instant();

        heartbeat(node)
                .statusCode(200)
                .contentType("application/json")
                .body("serverTime", equalTo(now.toString()))
                .body("heartbeatIntervalMs", equalTo(10_000))
                .body("allocationsAsChild", empty())
                .body("allocationsAsParent", empty());

        given().get("/v1/nodes/" + node)
                .then()
                .statusCode(200)
                .body("lastHeartbeatAt", equalTo(now.toString()))
                .body("lastReport", nullValue());
    }

    @Test
    void an_empty_body_is_a_heartbeat_without_a_report() {
        String node = joinCdn(10_000);
        given().contentType(ContentType.JSON)
                .body("")
                .when()
                .post("/v1/nodes/" + node + "/heartbeat")
                .then()
                .statusCode(200)
                .body("serverTime", equalTo(clock.instant().toString()));
        given().get("/v1/nodes/" + node)
                .then()
                .body("lastHeartbeatAt", equalTo(clock.instant().toString()))
                .body("lastReport", nullValue());
    }

    @Test
    void the_last_report_is_kept_and_shown_until_another_report_replaces_it() {
        String node = joinRegular(5000, "isp-h", "AT");
        Instant reportedAt = clock.instant();
        heartbeat(
                        node,
                        Map.of(
                                "uplinkUsedKbps",
                                1200,
                                "receiving",
                                List.of(reception("alloc-1", "cdn-a", 800), reception("alloc-1", "peer-b", 0))))
                .statusCode(200)
                .body("serverTime", equalTo(reportedAt.toString()));

        clock.advance(Duration.ofSeconds(10));
        Instant later = clock.instant();
        heartbeat(node).statusCode(200).body("serverTime", equalTo(later.toString()));

        // The heartbeat without a body moved the time; the report is still the one sent before, with its own time.
        given().get("/v1/nodes/" + node)
                .then()
                .body("lastHeartbeatAt", equalTo(later.toString()))
                .body("lastReport.reportedAt", equalTo(reportedAt.toString()))
                .body("lastReport.uplinkUsedKbps", equalTo(1200))
                .body("lastReport.receiving.allocationId", contains("alloc-1", "alloc-1"))
                .body("lastReport.receiving.parentId", contains("cdn-a", "peer-b"))
                .body("lastReport.receiving.rateKbps", contains(800, 0));

        // An empty object is a report of nothing known: it replaces the last one.
        heartbeat(node, Map.of()).statusCode(200);
        given().get("/v1/nodes/" + node)
                .then()
                .body("lastReport.reportedAt", equalTo(later.toString()))
                .body("lastReport.uplinkUsedKbps", nullValue())
                .body("lastReport.receiving", nullValue());
    }

    @Test
    void the_answer_lists_the_live_allocations_of_the_node_as_child_and_as_parent() {
        String content = declareLive(1000);
        String parent = joinRegular(3000, "isp-h", "CZ");
        hold(parent, content);
        String child = joinRegular(1000, "isp-h", "CZ");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        heartbeat(child)
                .statusCode(200)
                .body("allocationsAsChild", contains(allocationId))
                .body("allocationsAsParent", empty());
        heartbeat(parent)
                .statusCode(200)
                .body("allocationsAsChild", empty())
                .body("allocationsAsParent", contains(allocationId));

        // The parent leaves: the child learns from its next heartbeat that the allocation ended.
        given().delete("/v1/nodes/" + parent).then().statusCode(200);
        // The child keeps its allocation, repaired (no other holder: without a parent until one comes).
        heartbeat(child).statusCode(200).body("allocationsAsChild", contains(allocationId));
        given().get("/v1/allocations/" + allocationId).then().body("parents", empty());
    }

    @Test
    void every_wrong_field_of_a_report_is_named_and_nothing_is_recorded() {
        String node = joinCdn(10_000);
        Map<String, Object> body = new HashMap<>();
        body.put("uplinkUsedKbps", -1);
        body.put(
                "receiving",
                Arrays.asList(
                        reception("alloc-1", null, 100),
                        reception("no spaces allowed", "cdn-a", 100_000_001),
                        reception(null, "cdn-a", null),
                        null));

        heartbeat(node, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body("title", equalTo("The request is invalid"))
                .body("status", equalTo(400))
                .body(
                        "detail",
                        equalTo("receiving[0].parentId: must not be null;"
                                + " receiving[1].allocationId: must be 1 to 64 letters, digits, '.', '_', ':' or '-', and not '.' or '..';"
                                + " receiving[1].rateKbps: must be less than or equal to 100000000;"
                                + " receiving[2].allocationId: must not be null;"
                                + " receiving[2].rateKbps: must not be null;"
                                + " receiving[3]: must not be null;"
                                + " uplinkUsedKbps: must be greater than or equal to 0"))
                .body("instance", equalTo("/v1/nodes/" + node + "/heartbeat"))
                .body(
                        "errors.field",
                        contains(
                                "receiving[0].parentId",
                                "receiving[1].allocationId",
                                "receiving[1].rateKbps",
                                "receiving[2].allocationId",
                                "receiving[2].rateKbps",
                                "receiving[3]",
                                "uplinkUsedKbps"));

        given().get("/v1/nodes/" + node).then().body("lastHeartbeatAt", nullValue());
    }

    @Test
    void a_parent_of_an_allocation_is_reported_once() {
        String node = joinCdn(10_000);
        heartbeat(
                        node,
                        Map.of(
                                "receiving",
                                List.of(
                                        reception("alloc-1", "cdn-a", 100),
                                        reception("alloc-1", "cdn-b", 100),
                                        reception("alloc-1", "cdn-a", 50))))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body("errors.field", contains("receiving[2]"))
                .body(
                        "errors.message",
                        contains("repeats the allocation and parent of receiving[0]: report each parent once"));
    }

    @Test
    void an_unknown_field_and_a_wrong_type_are_named() {
        String node = joinCdn(10_000);
        heartbeat(node, Map.of("uplinkKbps", 100))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("uplinkKbps"))
                .body(
                        "errors.message",
                        contains(
                                "is not a known field; known fields here are cpuLoad, freeStorageMb, holdings, receiving,"
                                        + " seenEpoch, sending, sequence, uplinkUsedKbps"));
        heartbeat(node, Map.of("receiving", "lots"))
                .statusCode(400)
                .body("errors.field", contains("receiving"))
                .body("errors.message", contains("expected a list"));
    }

    @Test
    void an_unknown_node_is_a_404_problem() {
        heartbeat("never-joined-hb", Map.of("uplinkUsedKbps", 10))
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/unknown-node"))
                .body("title", equalTo("No such node"))
                .body("status", equalTo(404))
                .body("detail", equalTo("unknown node 'never-joined-hb'"))
                .body("instance", equalTo("/v1/nodes/never-joined-hb/heartbeat"))
                .body("errors", nullValue());
    }

    @Test
    void a_node_that_left_gets_the_same_problem_as_from_the_rest_of_the_node_api() {
        String node = joinCdn(10_000);
        heartbeat(node).statusCode(200);
        given().delete("/v1/nodes/" + node).then().statusCode(200);

        String expectedDetail = "node '" + node + "' has left the swarm. Maybe join it again first?";
        heartbeat(node)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/node-offline"))
                .body("title", equalTo("The node has left the swarm"))
                .body("status", equalTo(409))
                .body("detail", equalTo(expectedDetail))
                .body("instance", equalTo("/v1/nodes/" + node + "/heartbeat"));
        given().delete("/v1/nodes/" + node)
                .then()
                .statusCode(409)
                .body("type", equalTo("https://peerage.io/problems/node-offline"))
                .body("detail", equalTo(expectedDetail));

        // Its liveness went with it: a node that left shows no heartbeat.
        given().get("/v1/nodes/" + node)
                .then()
                .body("online", equalTo(false))
                .body("lastHeartbeatAt", nullValue())
                .body("lastReport", nullValue());
    }

    @Test
    void heartbeats_are_counted() {
        String node = joinCdn(10_000);
        double before = heartbeatsCounted();
        heartbeat(node).statusCode(200);
        heartbeat(node, Map.of("uplinkUsedKbps", 5)).statusCode(200);
        heartbeat("never-joined-hb").statusCode(404);
        assertThat(heartbeatsCounted()).isEqualTo(before + 2);
    }

    private static double heartbeatsCounted() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("peerage_heartbeats_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElse(0); // the counter appears with the first heartbeat
    }
}
