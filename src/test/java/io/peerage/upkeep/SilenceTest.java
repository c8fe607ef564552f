package io.peerage.upkeep;

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

import io.peerage.support.SwitchableDatabaseStatus;
import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leases: a node that stops sending heartbeats becomes SILENT, and its next heartbeat brings it back. */
@QuarkusTest
class SilenceTest {

    @Inject
    TestClock clock;

    @Inject
    Sweep sweep;

    @Inject
    Leases leases;

    @Inject
    SwitchableDatabaseStatus database;

    @AfterEach
    void databaseUp() {
        database.set(true);
        sweep.sweep();
    }

    private static void heartbeat(String nodeId) {
        given().noContentType()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(200);
    }

    /** Moves the clock by whole intervals, the given nodes sending a heartbeat at each. */
    private void intervals(int count, String... alive) {
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofSeconds(10));
            for (String node : alive) {
                heartbeat(node);
            }
        }
    }

    @Test
    void a_parent_silent_for_three_intervals_becomes_SILENT_once_out_of_the_index_with_nothing_reserved() {
        String content = declareLive(1000);
        String parent = joinCdn(5000);
        hold(parent, content);
        String child = joinRegular(500, "isp-l", "DE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        given().get("/v1/nodes/" + parent).then().body("reservedUplinkKbps", equalTo(1000));

        intervals(3, child);
        assertThat(sweep.sweep().silenced())
                .as("three intervals are a whole lease: not yet")
                .doesNotContain(parent);
        clock.advance(Duration.ofSeconds(1));
        heartbeat(child);

        Sweep.Report report = sweep.sweep();

        assertThat(report.silenced()).contains(parent).doesNotContain(child);
        assertThat(sweep.sweep().silenced()).as("silenced once").doesNotContain(parent);
        given().get("/v1/nodes/" + parent)
                .then()
                .statusCode(200)
                .body("status", equalTo("SILENT"))
                .body("online", equalTo(false));
        // Its child's allocation lives on, repaired: nobody else holds the content, so no parent for now.
        given().get("/v1/allocations/" + allocationId)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("parents", empty());
        // Out of the holder index: nobody else is given it as a parent.
        String other = joinRegular(500, "isp-l", "DE");
        allocate(other, content)
                .statusCode(422)
                .body(
                        "detail",
                        equalTo("no eligible parent for " + other + ": no online node holds content " + content));
        // Its next heartbeat brings it back online, its uplink all spare and its holding kept.
        heartbeat(parent);
        given().get("/v1/nodes/" + parent)
                .then()
                .body("status", equalTo("ONLINE"))
                .body("reservedUplinkKbps", equalTo(0))
                .body("spareUplinkKbps", equalTo(5000))
                .body("holdings.contentId", contains(content))
                .body("allocationsAsParent", empty());
        allocate(other, content).statusCode(201).body("parents[0].nodeId", equalTo(parent));
        assertThat(sweep.sweep().repaired())
                .as("the waiting repair finds it too")
                .contains(allocationId);
    }

    @Test
    void a_SILENT_child_gets_409_node_silent_and_its_heartbeat_brings_it_back_with_its_old_allocations_gone() {
        String content = declareLive(800);
        String parent = joinCdn(5000);
        hold(parent, content);
        String child = joinRegular(500, "isp-l", "AT");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        intervals(4, parent);
        assertThat(sweep.sweep().silenced()).contains(child).doesNotContain(parent);

        given().get("/v1/nodes/" + parent)
                .then()
                .body("reservedUplinkKbps", equalTo(0))
                .body("allocationsAsParent", empty());
        allocate(child, content)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/node-silent"))
                .body("title", equalTo("The node is SILENT: its lease ran out"))
                .body(
                        "detail",
                        equalTo("node '" + child + "' is SILENT: its lease ran out without a heartbeat."
                                + " Maybe send a heartbeat to come back online first?"));

        given().noContentType()
                .post("/v1/nodes/" + child + "/heartbeat")
                .then()
                .statusCode(200)
                .body("allocationsAsChild", empty());
        given().get("/v1/nodes/" + child)
                .then()
                .body("status", equalTo("ONLINE"))
                .body("joinedAt", equalTo(clock.instant().toString()))
                .body("allocationsAsChild", empty());
        given().get("/v1/allocations/" + allocationId)
                .then()
                .body("status", equalTo("ENDED"))
                .body("endReason", equalTo("node " + child + " went silent"));
        allocate(child, content).statusCode(201);
    }

    @Test
    void after_a_restart_every_node_gets_one_full_lease_of_grace() {
        String node = joinCdn(1000);
        intervals(2);
        // The service starts again now: what came before does not count.
        leases.startGrace(clock.instant());
        intervals(3);
        assertThat(sweep.sweep().silenced()).doesNotContain(node);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweep.sweep().silenced()).contains(node);
    }

    @Test
    void time_the_database_was_down_does_not_count_toward_a_lease() {
        String node = joinCdn(1000);
        intervals(2);
        database.set(false);
        Sweep.Report down = sweep.sweep();
        assertThat(down.databaseDown()).isTrue();
        intervals(6);
        assertThat(sweep.sweep().silenced())
                .as("nothing goes silent while the database is down")
                .isEmpty();
        database.set(true);
        // 80 s since the join, 60 s of them with the database down: 20 s counted.
        assertThat(sweep.sweep().silenced()).doesNotContain(node);
        clock.advance(Duration.ofSeconds(10));
        assertThat(sweep.sweep().silenced())
                .as("30 s counted: a whole lease, not past it")
                .doesNotContain(node);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweep.sweep().silenced()).contains(node);
        given().get("/v1/nodes/" + node).then().body("status", equalTo("SILENT"));
    }
}
