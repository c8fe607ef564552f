package io.peerage.upkeep;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Repairs as revisions: a lost parent's share is found again, the other parents keep theirs, each repair on record. */
@QuarkusTest
class RepairTest {

    @Inject
    TestClock clock;

    @Inject
    Sweep sweep;

    @Inject
    Repairs repairs;

    private static void heartbeat(String nodeId) {
        given().noContentType()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(200);
    }

    @Test
    void a_parent_that_leaves_a_two_parent_allocation_is_replaced_for_its_share_only() {
        String content = declareLive(1000);
        String first = joinRegular(600, "isp-r", "PL");
        String second = joinRegular(600, "isp-r", "PL");
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, "isp-r", "PL");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        int firstShare = given().get("/v1/allocations/" + id)
                .then()
                .body("parents.nodeId", containsInAnyOrder(first, second))
                .extract()
                .path("parents.find { it.nodeId == '" + first + "' }.rateKbps");
        int secondShare = 1000 - firstShare;
        String spare = joinRegular(2000, "isp-r", "PL");
        hold(spare, content);

        given().delete("/v1/nodes/" + first).then().statusCode(200);

        given().get("/v1/allocations/" + id)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("coveredKbps", equalTo(1000))
                .body("parents.nodeId", contains(second, spare))
                .body("parents.rateKbps", contains(secondShare, firstShare));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(firstShare));
        given().get("/v1/nodes/" + second).then().body("reservedUplinkKbps", equalTo(secondShare));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .statusCode(200)
                .body("allocationId", equalTo(id))
                .body("revision", equalTo(1))
                .body("trigger", equalTo("PARENT_LEFT"))
                .body("requiredKbps", equalTo(firstShare))
                .body("outcome", equalTo("ALLOCATED"))
                .body("candidates.find { it.nodeId == '" + spare + "' }.verdict", equalTo("ASSIGNED"))
                .body("candidates.find { it.nodeId == '" + second + "' }.verdict", equalTo("REJECTED"))
                .body(
                        "candidates.find { it.nodeId == '" + second + "' }.reasons[0].message",
                        equalTo(second + " is already a parent of this allocation and keeps its share"));
        given().get("/v1/allocations/" + id + "/explanation?revision=0")
                .then()
                .body("revision", equalTo(0))
                .body("trigger", nullValue())
                .body("requiredKbps", equalTo(1000));
        given().get("/v1/decisions?trigger=PARENT_LEFT&node=" + child)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].allocationId", equalTo(id))
                .body("items[0].revision", equalTo(1))
                .body("items[0].trigger", equalTo("PARENT_LEFT"))
                .body("items[0].explanation", equalTo("/v1/allocations/" + id + "/explanation?revision=1"));
    }

    @Test
    void a_repair_that_finds_nothing_is_recorded_once_and_retried_quietly_until_a_parent_appears() {
        String content = declareLive(500);
        String parent = joinRegular(1000, "isp-q", "CZ");
        hold(parent, content);
        String child = joinRegular(100, "isp-q", "CZ");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(8));
            heartbeat(child);
        }
        assertThat(sweep.sweep().silenced()).contains(parent);

        given().get("/v1/allocations/" + id)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("parents", empty())
                .body("coveredKbps", equalTo(0));
        given().get("/v1/allocations/" + id + "/explanation")
                .then()
                .body("trigger", equalTo("PARENT_SILENT"))
                .body("outcome", equalTo("NO_PARENT"));
        assertThat(repairs.isPending(id)).isTrue();

        // Nothing to be found: the sweep tries again and records nothing.
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        given().get("/v1/decisions?trigger=PARENT_SILENT&node=" + child).then().body("total", equalTo(1));

        clock.advance(Duration.ofSeconds(1));
        String newcomer = joinRegular(1000, "isp-q", "CZ");
        hold(newcomer, content);
        assertThat(sweep.sweep().repaired()).contains(id);

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(2))
                .body("parents.nodeId", contains(newcomer))
                .body("coveredKbps", equalTo(500));
        given().get("/v1/decisions?trigger=PARENT_SILENT&node=" + child)
                .then()
                .body("total", equalTo(2))
                .body("items.revision", contains(2, 1));
        given().get("/v1/nodes/" + child)
                .then()
                .body("allocationsAsChild.allocationId", hasItem(id))
                .body("allocationsAsChild[0].revision", equalTo(2));
        assertThat(repairs.isPending(id)).isFalse();
    }

    @Test
    void a_revision_that_does_not_exist_is_a_404_and_a_bad_one_a_400_naming_the_field() {
        String content = declareLive(300);
        String parent = joinRegular(1000, "isp-q", "CZ");
        hold(parent, content);
        String child = joinRegular(100, "isp-q", "CZ");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        given().get("/v1/allocations/" + id + "/explanation?revision=3")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/v1/allocations/" + id + "/explanation?revision=x")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("revision"))
                .body("errors[0].message", equalTo("'x' is not a revision: 0, 1, 2..."));
        given().get("/v1/decisions?trigger=SOMETIMES")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("trigger"));
    }
}
