package io.peerage.journal;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.peerage.support.SwarmAgreement.assertMemoryAgreesWithDatabase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.peerage.allocation.AllocationStore;
import io.peerage.support.TestClock;
import io.peerage.swarm.Swarm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under the service, as when its tables are renamed away: writes wait, then answer 503 and are
 * undone, readiness goes DOWN, heartbeats go on, and everything comes back by itself, memory agreeing with the
 * database.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Inject
    Journal journal;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Swarm swarm;

    @Inject
    AllocationStore allocations;

    @Test
    void an_outage_answers_writes_503_keeps_heartbeats_and_recovers_with_memory_and_database_agreeing()
            throws Exception {
        String content = declareLive(1000);
        String parent = joinRegular(10_000, "isp-outage", "NL");
        hold(parent, content);
        String child = joinRegular(1000, "isp-outage", "NL");
        String kept = allocate(child, content).statusCode(201).extract().path("allocationId");
        String latecomer = joinRegular(1000, "isp-outage", "NL");
        String leaving = joinRegular(3000, "isp-outage-b", "BE");
        hold(leaving, content);
        String served = joinRegular(1000, "isp-outage-b", "BE");
        String servedAllocation =
                allocate(served, content).statusCode(201).extract().path("allocationId");
        given().get("/v1/nodes/" + leaving).then().body("spareUplinkKbps", equalTo(2000));

        rename("allocation", "allocation_away", "decision", "decision_away");
        try {
            // Memory changes at once; the write waits for the database.
            CompletableFuture<Response> during =
                    CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                            .body(Map.of("nodeId", latecomer, "contentId", content))
                            .post("/v1/allocations"));
            eventually(() -> journal.unavailableSince().isPresent());
            // A parent leaves meanwhile: out of memory at once; the allocation it serves is repaired at once too.
            CompletableFuture<Response> leave =
                    CompletableFuture.supplyAsync(() -> given().delete("/v1/nodes/" + leaving));
            eventually(() -> swarm.node(leaving).isEmpty());
            eventually(() -> swarm.assignment(servedAllocation)
                    .map(revised -> revised.revision() == 1 && !revised.hasParent(leaving))
                    .orElse(false));
            assertThat(swarm.assignment(servedAllocation).orElseThrow().hasParent(parent))
                    .as("the repair took the other holder")
                    .isTrue();
            assertThat(during).isNotDone();

            clock.advance(journal.unhealthyAfter());
            Response refused = during.get(15, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(refused.jsonPath().getString("type")).endsWith("/unavailable");
            assertThat(refused.jsonPath().getString("detail"))
                    .startsWith("the change was undone: the database has been unavailable since ");
            // Undone in memory: the uplink it reserved is free again, and the latecomer has no allocation.
            given().get("/v1/nodes/" + parent).then().body("spareUplinkKbps", equalTo(9000));
            assertThat(swarm.assignmentOf(latecomer, content)).isEmpty();
            // The leave is undone too: the node is back with its holdings, its uplink and the allocation it serves.
            Response leaveRefused = leave.get(15, TimeUnit.SECONDS);
            assertThat(leaveRefused.statusCode()).isEqualTo(503);
            assertThat(leaveRefused.header("Retry-After")).isEqualTo("5");
            given().get("/v1/nodes/" + leaving).then().statusCode(200).body("spareUplinkKbps", equalTo(2000));
            given().get("/v1/allocations/" + servedAllocation)
                    .then()
                    .body("status", equalTo("ACTIVE"))
                    .body("revision", equalTo(0))
                    .body("parents.nodeId", contains(leaving));
            assertThat(swarm.holdersBySpareUplink(content))
                    .toIterable()
                    .extracting(node -> node.id())
                    .contains(leaving);

            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'journal' }.status", equalTo("DOWN"))
                    .body(
                            "checks.find { it.name == 'journal' }.data.reason",
                            startsWith("the database has been unavailable since "))
                    .body(
                            "checks.find { it.name == 'journal' }.data.lastFailure",
                            org.hamcrest.Matchers.containsString("allocation"));
            // A restart would not help: liveness stays UP.
            given().get("/q/health/live").then().statusCode(200);

            // Every change is now refused at once, before anything changes.
            allocate(latecomer, content)
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .body("detail", startsWith("the database has been unavailable since "));
            given().delete("/v1/allocations/" + kept).then().statusCode(503);
            given().get("/v1/allocations/" + kept).then().statusCode(200).body("status", equalTo("ACTIVE"));

            // Heartbeats touch memory only: they are answered as ever.
            given().noContentType()
                    .post("/v1/nodes/" + child + "/heartbeat")
                    .then()
                    .statusCode(200)
                    .body("allocationsAsChild", contains(kept));
        } finally {
            rename("allocation_away", "allocation", "decision_away", "decision");
        }

        eventually(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready")
                .then()
                .body("checks.name", hasItem("journal"))
                .body("checks.find { it.name == 'journal' }.status", equalTo("UP"));
        String later = allocate(latecomer, content).statusCode(201).extract().path("allocationId");
        given().get("/v1/allocations/" + later).then().body("status", equalTo("ACTIVE"));
        given().get("/v1/nodes/" + parent).then().body("spareUplinkKbps", equalTo(8000));
        eventually(() -> journal.backlog() == 0);
        assertMemoryAgreesWithDatabase(swarm, allocations);
    }

    private void rename(String from, String to, String from2, String to2) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("rename table " + from + " to " + to + ", " + from2 + " to " + to2);
        }
    }

    /** Waits, at most 20 s, for something the service does by itself. */
    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
