package io.peerage.membership;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.peerage.swarm.Swarm;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** What a restart does: the live swarm is rebuilt from the database, reservations included. */
@QuarkusTest
class SwarmRestorerTest {

    @Inject
    SwarmRestorer restorer;

    @Inject
    Swarm swarm;

    @Test
    void the_swarm_rebuilt_from_the_database_has_the_same_nodes_holdings_and_reservations() {
        String content = declareLive(1200);
        String parent = joinRegular(2000, "isp-s", "GR");
        hold(parent, content);
        String child = joinLightweight(500, "isp-s", "GR");
        String gone = joinRegular(500, "isp-s", "GR");
        given().delete("/v1/nodes/" + gone).then().statusCode(200);
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        int nodes = swarm.size();
        int assignments = swarm.assignmentCount();

        restorer.restore();

        assertThat(swarm.size()).isEqualTo(nodes);
        assertThat(swarm.assignmentCount()).isEqualTo(assignments);
        assertThat(swarm.node(gone)).isEmpty();
        given().get("/v1/nodes/" + parent)
                .then()
                .body("spareUplinkKbps", equalTo(800))
                .body("holdings.contentId", contains(content))
                .body("allocationsAsParent.allocationId", contains(allocationId));
        given().get("/v1/nodes/" + child)
                .then()
                .body("peerType", equalTo("LIGHTWEIGHT"))
                .body("classificationReasons.code", contains("cannot-accept-incoming", "no-install-player"));
        given().get("/v1/allocations/" + allocationId)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("parents[0].connect", equalTo("CHILD_INITIATES"));
        given().get("/v1/allocations/" + allocationId + "/explanation")
                .then()
                .body("candidates[0].nodeId", equalTo(parent));
    }

    @Inject
    io.peerage.upkeep.Sweep sweep;

    @Inject
    io.peerage.support.TestClock clock;

    @Test
    void a_SILENT_node_stays_SILENT_through_a_restart_and_its_heartbeat_brings_it_back_with_its_holdings() {
        String content = declareLive(700);
        String quiet = joinRegular(2000, "isp-s", "GR");
        hold(quiet, content);
        clock.advance(java.time.Duration.ofSeconds(31));
        assertThat(sweep.sweep().silenced()).contains(quiet);

        restorer.restore();

        assertThat(swarm.node(quiet)).isEmpty();
        given().get("/v1/nodes/" + quiet).then().body("status", equalTo("SILENT"));
        given().noContentType().post("/v1/nodes/" + quiet + "/heartbeat").then().statusCode(200);
        given().get("/v1/nodes/" + quiet)
                .then()
                .body("status", equalTo("ONLINE"))
                .body("holdings.contentId", contains(content));
    }
}
