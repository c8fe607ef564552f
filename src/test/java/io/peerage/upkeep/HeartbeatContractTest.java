package io.peerage.upkeep;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat contract: sequence, epoch, and the assignments in full when the node's epoch is behind. */
@QuarkusTest
class HeartbeatContractTest {

    private static ValidatableResponse heartbeat(String nodeId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then();
    }

    private static Map<String, Object> body(long sequence, String seenEpoch) {
        Map<String, Object> body = new HashMap<>();
        body.put("sequence", sequence);
        if (seenEpoch != null) {
            body.put("seenEpoch", seenEpoch);
        }
        return body;
    }

    @Test
    void a_node_that_only_polls_heartbeats_follows_every_change_of_its_assignments() {
        String content = declareLive(1000);
        String first = joinRegular(600, "isp-h", "PT");
        String second = joinRegular(600, "isp-h", "PT");
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, "isp-h", "PT");
        String epoch0 =
                heartbeat(child, body(1, null)).statusCode(200).extract().path("epoch");

        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        String epoch1 = heartbeat(child, body(2, epoch0))
                .statusCode(200)
                .body("assignments.asChild.allocationId", contains(id))
                .body("assignments.asChild[0].revision", equalTo(0))
                .body("assignments.asChild[0].parents.nodeId", org.hamcrest.Matchers.containsInAnyOrder(first, second))
                .body("assignments.asParent", empty())
                .body("ended", empty())
                .extract()
                .path("epoch");
        assertThat(epoch1).isNotEqualTo(epoch0);
        // Nothing changed: the same epoch, no assignments.
        heartbeat(child, body(3, epoch1))
                .statusCode(200)
                .body("epoch", equalTo(epoch1))
                .body("assignments", nullValue())
                .body("ended", nullValue());
        // The parent is told which child to expect, at what rate and how to connect.
        heartbeat(second, body(1, ""))
                .statusCode(200)
                .body("assignments.asParent.allocationId", contains(id))
                .body("assignments.asParent[0].childId", equalTo(child))
                .body("assignments.asParent[0].connect", equalTo("BOTH_INITIATE"));

        String spare = joinRegular(2000, "isp-h", "PT");
        hold(spare, content);
        given().delete("/v1/nodes/" + first).then().statusCode(200);
        String epoch2 = heartbeat(child, body(4, epoch1))
                .statusCode(200)
                .body("assignments.asChild[0].allocationId", equalTo(id))
                .body("assignments.asChild[0].revision", equalTo(1))
                .body("assignments.asChild[0].parents.nodeId", contains(second, spare))
                .extract()
                .path("epoch");
        assertThat(epoch2).isNotEqualTo(epoch1);

        // The child ends it: the parent learns it ended, and why.
        given().delete("/v1/allocations/" + id).then().statusCode(204);
        heartbeat(second, body(2, "stale"))
                .statusCode(200)
                .body("assignments.asParent", empty())
                .body("ended.allocationId", contains(id))
                .body("ended[0].reason", equalTo("ended by the client"));
    }

    @Test
    void a_replayed_or_older_sequence_is_ignored_and_the_full_report_is_kept() {
        String node = joinRegular(1000, "isp-h", "PT");
        Map<String, Object> report = body(5, null);
        report.put("cpuLoad", 0.25);
        report.put("freeStorageMb", 2048);
        report.put(
                "receiving",
                List.of(Map.of(
                        "allocationId", "a-1", "parentId", "p-1", "rateKbps", 900, "bytes", 123456, "position", 42)));
        report.put("sending", List.of(Map.of("allocationId", "a-2", "childId", "c-1", "rateKbps", 300)));
        report.put("holdings", List.of(Map.of("contentId", "file-1", "fraction", 0.5)));
        heartbeat(node, report).statusCode(200).body("replayed", nullValue());

        heartbeat(node, body(5, null)).statusCode(200).body("replayed", equalTo(true));
        heartbeat(node, body(4, null)).statusCode(200).body("replayed", equalTo(true));

        given().get("/v1/nodes/" + node)
                .then()
                .body("lastReport.sequence", equalTo(5))
                .body("lastReport.cpuLoad", equalTo(0.25f))
                .body("lastReport.freeStorageMb", equalTo(2048))
                .body("lastReport.receiving[0].bytes", equalTo(123456))
                .body("lastReport.receiving[0].position", equalTo(42))
                .body("lastReport.sending[0].childId", equalTo("c-1"))
                .body("lastReport.holdings[0].fraction", equalTo(0.5f));
    }

    @Test
    void a_report_out_of_bounds_is_refused_naming_each_field() {
        String node = joinRegular(1000, "isp-h", "PT");
        Map<String, Object> report = body(-1, null);
        report.put("cpuLoad", 1.5);
        heartbeat(node, report)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("cpuLoad", "sequence"));
    }
}
