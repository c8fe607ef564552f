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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.peerage.support.Credentials;
import io.peerage.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Connection outcomes: a failed pair is barred for {@code peerage.repair.pair-bar} and the allocation repaired at once
 * for that parent's share (CONNECTION_FAILED); a connection is kept with the pair; wrong callers and bodies change
 * nothing.
 */
@QuarkusTest
class ConnectionReportTest {

    /** The reporter's bound as the service runs it ({@code peerage.repair.max-per-interval}). */
    @ConfigProperty(name = "peerage.repair.max-per-interval")
    int bound;

    private static final Duration BAR = Duration.ofMinutes(10);

    @Inject
    TestClock clock;

    @Inject
    Sweep sweep;

    @Inject
    Repairs repairs;

    @Inject
    PairBars bars;

    @Inject
    EntityManager entityManager;

    @Inject
    ReactionBudget budget;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    private static ValidatableResponse report(String allocationId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/allocations/" + allocationId + "/connections")
                .then();
    }

    private static ValidatableResponse reportAs(String nodeId, String allocationId, Map<String, Object> body) {
        return given().header("Authorization", Credentials.asNode(nodeId))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/allocations/" + allocationId + "/connections")
                .then();
    }

    private static Map<String, Object> failed(String parentId, String detail) {
        Map<String, Object> body = new HashMap<>();
        body.put("parentId", parentId);
        body.put("outcome", "FAILED");
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    private static Map<String, Object> connected(String parentId) {
        return Map.of("parentId", parentId, "outcome", "CONNECTED");
    }

    private static ValidatableResponse heartbeat(String nodeId, String seenEpoch) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("seenEpoch", seenEpoch))
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(200);
    }

    /** Time passes in steps shorter than a lease, the nodes beating at each, so that only the bar runs out. */
    private void pass(Duration time, String... nodes) {
        Duration left = time;
        while (!left.isZero()) {
            Duration step = left.compareTo(Duration.ofSeconds(20)) < 0 ? left : Duration.ofSeconds(20);
            clock.advance(step);
            left = left.minus(step);
            for (String node : nodes) {
                given().noContentType()
                        .post("/v1/nodes/" + node + "/heartbeat")
                        .then()
                        .statusCode(200);
            }
        }
    }

    private static String bar(String parentId, String childId, Instant at, String allocationId) {
        return parentId + " is barred for " + childId + " until " + at.plus(BAR) + ": their connection failed at " + at
                + " (allocation " + allocationId + ")";
    }

    private long storedBars(String childId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createQuery("select count(b) from PairBarEntity b where b.key.childId = :child", Long.class)
                        .setParameter("child", childId)
                        .getSingleResult());
    }

    @Test
    void a_failed_connection_replaces_only_that_parent_and_the_answer_and_heartbeats_carry_the_repair() {
        String content = declareLive(1000);
        String first = joinRegular(600, "isp-c", "FI");
        String second = joinRegular(600, "isp-c", "FI");
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, "isp-c", "FI");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        int firstShare = given().get("/v1/allocations/" + id)
                .then()
                .body("parents.nodeId", containsInAnyOrder(first, second))
                .extract()
                .path("parents.find { it.nodeId == '" + first + "' }.rateKbps");
        int secondShare = 1000 - firstShare;
        String spare = joinRegular(2000, "isp-c", "FI");
        hold(spare, content);
        String childEpoch = heartbeat(child, "").extract().path("epoch");
        String spareEpoch = heartbeat(spare, "").extract().path("epoch");
        Instant at = clock.instant();

        report(id, failed(first, "ICE timed out after 3 candidates"))
                .statusCode(200)
                .body("parentId", equalTo(first))
                .body("outcome", equalTo("FAILED"))
                .body("reportedBy", equalTo(child))
                .body("repaired", equalTo(true))
                .body("barredUntil", equalTo(at.plus(BAR).toString()))
                .body("connectedAt", nullValue())
                .body("allocation.allocationId", equalTo(id))
                .body("allocation.status", equalTo("ACTIVE"))
                .body("allocation.revision", equalTo(1))
                .body("allocation.coveredKbps", equalTo(1000))
                .body("allocation.parents.nodeId", contains(second, spare))
                .body("allocation.parents.rateKbps", contains(secondShare, firstShare))
                .body("allocation.parents[1].connect", equalTo("BOTH_INITIATE"));

        heartbeat(child, childEpoch)
                .body("epoch", not(equalTo(childEpoch)))
                .body("assignments.asChild[0].allocationId", equalTo(id))
                .body("assignments.asChild[0].revision", equalTo(1))
                .body("assignments.asChild[0].parents.nodeId", contains(second, spare));
        heartbeat(spare, spareEpoch)
                .body("epoch", not(equalTo(spareEpoch)))
                .body("assignments.asParent.allocationId", contains(id))
                .body("assignments.asParent[0].childId", equalTo(child));
        given().get("/v1/nodes/" + first).then().body("reservedUplinkKbps", equalTo(0));
        given().get("/v1/nodes/" + second).then().body("reservedUplinkKbps", equalTo(secondShare));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(firstShare));

        String cause = "Connection between " + child + " and parent " + first + " failed, reported by the child "
                + child + ": \"ICE timed out after 3 candidates\"; the pair is barred until " + at.plus(BAR) + ". ";
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].allocationId", equalTo(id))
                .body("items[0].revision", equalTo(1))
                .body("items[0].trigger", equalTo("CONNECTION_FAILED"))
                .body("items[0].summary", startsWith(cause));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("CONNECTION_FAILED"))
                .body("requiredKbps", equalTo(firstShare))
                .body("summary", startsWith(cause))
                .body("candidates.find { it.nodeId == '" + spare + "' }.verdict", equalTo("ASSIGNED"))
                .body("candidates.find { it.nodeId == '" + first + "' }.verdict", equalTo("REJECTED"))
                .body("candidates.find { it.nodeId == '" + first + "' }.reasons[0].code", equalTo("barred-pair"))
                .body(
                        "candidates.find { it.nodeId == '" + first + "' }.reasons[0].message",
                        equalTo(bar(first, child, at, id)));

        // Reported again, by the child or by the failed parent itself: answered, and nothing churns.
        clock.advance(Duration.ofSeconds(5));
        report(id, failed(first, null))
                .statusCode(200)
                .body("repaired", equalTo(false))
                .body("barredUntil", equalTo(at.plus(BAR).toString()))
                .body("allocation.revision", equalTo(1))
                .body("allocation.parents.nodeId", contains(second, spare));
        reportAs(first, id, failed(first, "no route"))
                .statusCode(200)
                .body("reportedBy", equalTo(first))
                .body("repaired", equalTo(false))
                .body("allocation.revision", equalTo(1));
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .body("total", equalTo(1));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(firstShare));
    }

    @Test
    void a_barred_pair_is_excluded_from_repairs_and_new_allocations_until_the_bar_runs_out() {
        String content = declareLive(500);
        String only = joinRegular(1000, "isp-d", "EE");
        hold(only, content);
        String child = joinRegular(100, "isp-d", "EE");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        // The repair's decision is the latest about the child: why-not reads it.
        clock.advance(Duration.ofSeconds(1));
        Instant at = clock.instant();

        reportAs(only, id, failed(only, null))
                .statusCode(200)
                .body("reportedBy", equalTo(only))
                .body("repaired", equalTo(true))
                .body("allocation.revision", equalTo(1))
                .body("allocation.parents", empty())
                .body("allocation.coveredKbps", equalTo(0));
        given().get("/v1/allocations/" + id + "/explanation")
                .then()
                .body("trigger", equalTo("CONNECTION_FAILED"))
                .body("outcome", equalTo("NO_PARENT"))
                .body(
                        "summary",
                        startsWith("Connection between " + child + " and parent " + only
                                + " failed, reported by the parent " + only + "; the pair is barred until "
                                + at.plus(BAR)
                                + ". "));
        given().get("/v1/nodes/" + only).then().body("reservedUplinkKbps", equalTo(0));
        assertThat(repairs.isPending(id)).isTrue();
        String sentence = bar(only, child, at, id);
        given().get("/v1/why-not?child=" + child + "&parent=" + only + "&content=" + content)
                .then()
                .statusCode(200)
                .body("source", equalTo("DECISION"))
                .body("verdict", equalTo("REJECTED"))
                .body("reasons[0].code", equalTo("barred-pair"))
                .body("reasons[0].rule", equalTo("Repair: a pair that could not connect is barred for a while"))
                .body("reasons[0].message", equalTo(sentence));

        // A new request for the child excludes the barred parent too: nothing else holds the content.
        pass(BAR.minusSeconds(1), only, child);
        given().contentType(ContentType.JSON)
                .body(Map.of("nodeId", child, "contentId", content))
                .post("/v1/allocations")
                .then()
                .statusCode(422)
                .body("keptAllocationId", equalTo(id));
        given().get("/v1/why-not?child=" + child + "&parent=" + only + "&content=" + content)
                .then()
                .body("reasons[0].code", equalTo("barred-pair"))
                .body("reasons[0].message", equalTo(sentence));
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        assertThat(bars.barredFor(child, clock.instant())).containsEntry(only, sentence);

        // The bar runs out at its time: the sweep's retry takes the parent again, and the bar is forgotten.
        pass(Duration.ofSeconds(1), only, child);
        assertThat(bars.barredFor(child, clock.instant())).isEmpty();
        assertThat(sweep.sweep().repaired()).contains(id);
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(2))
                .body("parents.nodeId", contains(only))
                .body("coveredKbps", equalTo(500));
        given().get("/v1/why-not?child=" + child + "&parent=" + only + "&content=" + content)
                .then()
                .body("chosen", equalTo(true))
                .body("reasons", empty());
        assertThat(bars.bar(child, only, clock.instant())).isEmpty();
    }

    @Test
    void a_bar_survives_a_restart_and_one_that_ran_out_is_pruned_from_the_database() {
        String content = declareLive(400);
        String first = joinRegular(1000, "isp-e", "LV");
        String second = joinRegular(1000, "isp-e", "LV");
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, "isp-e", "LV");
        String id = allocate(child, content, 1).statusCode(201).extract().path("allocationId");
        String parent = given().get("/v1/allocations/" + id).then().extract().path("parents[0].nodeId");
        String other = parent.equals(first) ? second : first;
        Instant at = clock.instant();
        report(id, failed(parent, "timeout")).statusCode(200).body("allocation.parents.nodeId", contains(other));

        bars.restore();

        assertThat(bars.barredFor(child, clock.instant()))
                .containsExactly(Map.entry(parent, bar(parent, child, at, id)));
        assertThat(storedBars(child)).isEqualTo(1);
        // The restored bar still holds for a new request of the child.
        given().delete("/v1/allocations/" + id).then().statusCode(204);
        String again = allocate(child, content, 1).statusCode(201).extract().path("allocationId");
        given().get("/v1/allocations/" + again).then().body("parents.nodeId", contains(other));

        clock.advance(BAR);
        bars.restore();

        assertThat(bars.barredFor(child, clock.instant())).isEmpty();
        assertThat(storedBars(child)).isZero();
    }

    @Test
    void failures_beyond_the_reporters_bound_per_interval_are_refused_and_change_nothing() {
        String content = declareLive(200);
        for (int i = 0; i < 12; i++) {
            hold(joinRegular(1000, "isp-h", "MT"), content);
        }
        String child = joinRegular(100, "isp-h", "MT");
        String id = allocate(child, content, 1).statusCode(201).extract().path("allocationId");
        for (int i = 1; i <= bound; i++) {
            String parent =
                    given().get("/v1/allocations/" + id).then().extract().path("parents[0].nodeId");
            report(id, failed(parent, null))
                    .statusCode(200)
                    .body("repaired", equalTo(true))
                    .body("allocation.revision", equalTo(i));
        }
        String parent = given().get("/v1/allocations/" + id).then().extract().path("parents[0].nodeId");

        report(id, failed(parent, null))
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "10")
                .body("type", equalTo("https://peerage.io/problems/too-many-reports"))
                .body("setting", equalTo("peerage.repair.max-per-interval"))
                .body(
                        "detail",
                        equalTo(child + " has caused " + bound + " reactions within one heartbeat interval"
                                + " (peerage.repair.max-per-interval): this failure is not acted on; report it again"
                                + " within 10 s"));
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(bound))
                .body("parents.nodeId", contains(parent));
        assertThat(bars.bar(child, parent, clock.instant())).isEmpty();
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .body("total", equalTo(bound));

        // The next interval: acted on again.
        clock.advance(Duration.ofSeconds(10));
        report(id, failed(parent, null))
                .statusCode(200)
                .body("repaired", equalTo(true))
                .body("allocation.revision", equalTo(bound + 1));
    }

    @Test
    void a_failure_whose_change_cannot_be_written_changes_nothing_and_does_not_use_the_reporters_budget()
            throws Exception {
        String content = declareLive(200);
        for (int i = 0; i < 6; i++) {
            hold(joinRegular(1000, "isp-w", "CY"), content);
        }
        String child = joinRegular(100, "isp-w", "CY");
        String id = allocate(child, content, 1).statusCode(201).extract().path("allocationId");
        String parent = given().get("/v1/allocations/" + id).then().extract().path("parents[0].nodeId");
        // The database refuses this child's bar, as it would a value it cannot take: the change set is undone.
        String trigger = "refuse_bar_" + Math.abs(child.hashCode());
        sql("create trigger " + trigger + " before insert on pair_bar for each row if new.child_id = '" + child
                + "' then signal sqlstate '45000' set message_text = 'refused by the test'; end if");
        try {
            for (int i = 0; i < bound + 1; i++) {
                report(id, failed(parent, "attempt " + i))
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .body("type", equalTo("https://peerage.io/problems/unavailable"));
            }
        } finally {
            sql("drop trigger " + trigger);
        }
        assertThat(budget.used(child, clock.instant()))
                .as("failures that changed nothing use none of the bound")
                .isZero();
        assertThat(bars.bar(child, parent, clock.instant())).isEmpty();
        assertThat(storedBars(child)).isZero();
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(0))
                .body("parents.nodeId", contains(parent));
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .body("total", equalTo(0));

        // Within the same interval, the whole bound is still there.
        for (int i = 1; i <= bound; i++) {
            String current =
                    given().get("/v1/allocations/" + id).then().extract().path("parents[0].nodeId");
            report(id, failed(current, null))
                    .statusCode(200)
                    .body("repaired", equalTo(true))
                    .body("allocation.revision", equalTo(i));
        }
        assertThat(budget.used(child, clock.instant())).isEqualTo(bound);
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement run = connection.createStatement()) {
            run.execute(statement);
        }
    }

    @Test
    void a_connection_is_kept_with_the_pair_and_changes_nothing_else() {
        String content = declareLive(300);
        String parent = joinRegular(1000, "isp-f", "LT");
        hold(parent, content);
        String child = joinRegular(100, "isp-f", "LT");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        Instant at = clock.instant();

        reportAs(parent, id, connected(parent))
                .statusCode(200)
                .body("outcome", equalTo("CONNECTED"))
                .body("reportedBy", equalTo(parent))
                .body("repaired", equalTo(false))
                .body("connectedAt", equalTo(at.toString()))
                .body("barredUntil", nullValue())
                .body("allocation.revision", equalTo(0))
                .body("allocation.parents.nodeId", contains(parent));
        clock.advance(Duration.ofSeconds(30));
        report(id, connected(parent))
                .statusCode(200)
                .body("reportedBy", equalTo(child))
                .body("connectedAt", equalTo(at.toString()));
        given().get("/v1/allocations/" + id).then().body("revision", equalTo(0));
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .body("total", equalTo(0));
    }

    @Test
    void only_the_child_or_the_parent_it_names_may_report_and_bad_reports_change_nothing() {
        String content = declareLive(1000);
        String first = joinRegular(600, "isp-g", "IS");
        String second = joinRegular(600, "isp-g", "IS");
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, "isp-g", "IS");
        String stranger = joinRegular(100, "isp-g", "IS");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");

        reportAs(stranger, id, failed(first, null))
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/forbidden"));
        reportAs(stranger, id, failed(stranger, null)).statusCode(403);
        // A parent speaks for its own pair only.
        reportAs(second, id, failed(first, null)).statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Credentials.asRole("operator"))
                .contentType(ContentType.JSON)
                .body(failed(first, null))
                .post("/v1/allocations/" + id + "/connections")
                .then()
                .statusCode(403);

        report(id, failed(stranger, null))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/not-a-parent"))
                .body("errors[0].field", equalTo("parentId"))
                .body("errors[0].message", startsWith("is not a parent of allocation " + id + " (revision 0)"));
        report("no-such-allocation", failed(first, null))
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-allocation"));

        Map<String, Object> noOutcome = Map.of("parentId", first);
        report(id, noOutcome)
                .statusCode(400)
                .body("errors[0].field", equalTo("outcome"))
                .body("errors[0].message", equalTo("must not be null"));
        report(id, Map.of("parentId", first, "outcome", "MAYBE"))
                .statusCode(400)
                .body("errors[0].field", equalTo("outcome"))
                .body("errors[0].message", equalTo("'MAYBE' is not one of [CONNECTED, FAILED]"));
        report(id, Map.of("parentId", first, "outcome", 1)).statusCode(400).body("errors[0].field", equalTo("outcome"));
        report(id, Map.of("parentId", "..", "outcome", "FAILED"))
                .statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        report(id, failed(first, "x".repeat(501)))
                .statusCode(400)
                .body("errors[0].field", equalTo("detail"))
                .body("errors[0].message", equalTo("must be at most 500 characters"));
        report(id, Map.of("parentId", first, "outcome", "FAILED", "reason", "x"))
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        given().contentType(ContentType.TEXT)
                .body("FAILED")
                .post("/v1/allocations/" + id + "/connections")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().body("{\"parentId\":\"" + first + "\",\"outcome\":\"FAILED\"}".getBytes())
                .post("/v1/allocations/" + id + "/connections")
                .then()
                .statusCode(415)
                .body("errors[0].field", equalTo("Content-Type"));

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(0))
                .body("parents.nodeId", containsInAnyOrder(first, second));
        given().get("/v1/decisions?trigger=CONNECTION_FAILED&node=" + child)
                .then()
                .body("total", equalTo(0));
        assertThat(bars.barredFor(child, clock.instant())).isEmpty();
        assertThat(storedBars(child)).isZero();

        // An allocation that ended takes no reports.
        given().delete("/v1/allocations/" + id).then().statusCode(204);
        report(id, failed(first, null))
                .statusCode(409)
                .body("type", equalTo("https://peerage.io/problems/conflict"))
                .body(
                        "detail",
                        equalTo("allocation " + id + " is ENDED (ended by the client): a connection is reported"
                                + " only for a live allocation"));
        given().get("/v1/nodes/" + first).then().body("allocationsAsParent", not(hasItem(id)));
    }
}
