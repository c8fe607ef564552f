package io.peerage.upkeep;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.peerage.support.Api;
import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Repairs from what children report, driven through heartbeats with the test clock: a parent that sends nothing
 * (NO_DATA), a slow parent (CONGESTION) below and at maxParents, reports beyond the bound
 * ({@code %test.peerage.repair.max-per-interval=3}), reports during the connect grace, and reports about pairs that
 * are not the node's.
 */
@QuarkusTest
class DeliveryRepairTest {

    @Inject
    TestClock clock;

    @Inject
    Sweep sweep;

    @Inject
    Deliveries deliveries;

    @Inject
    ReactionBudget budget;

    private final Map<String, Long> sequences = new HashMap<>();

    private ValidatableResponse heartbeat(String nodeId, String seenEpoch, List<Map<String, Object>> receiving) {
        Map<String, Object> body = new HashMap<>();
        body.put("sequence", sequences.merge(nodeId, 1L, Long::sum));
        if (seenEpoch != null) {
            body.put("seenEpoch", seenEpoch);
        }
        if (receiving != null) {
            body.put("receiving", receiving);
        }
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(200);
    }

    /** Parents beat too, without reports, so that no lease runs out in a scenario. */
    private void alive(String... nodeIds) {
        for (String nodeId : nodeIds) {
            heartbeat(nodeId, null, null);
        }
    }

    private static Map<String, Object> got(String allocationId, String parentId, long rateKbps, long bytes) {
        return Map.of("allocationId", allocationId, "parentId", parentId, "rateKbps", rateKbps, "bytes", bytes);
    }

    private static int shareOf(String allocationId, String parentId) {
        return given().get("/v1/allocations/" + allocationId)
                .then()
                .extract()
                .path("parents.find { it.nodeId == '" + parentId + "' }.rateKbps");
    }

    private static String candidateMessage(String allocationId, int revision, String nodeId) {
        return given().get("/v1/allocations/" + allocationId + "/explanation?revision=" + revision)
                .then()
                .statusCode(200)
                .extract()
                .path("candidates.find { it.nodeId == '" + nodeId + "' }.reasons[0].message");
    }

    /** A live content of 1000 kbps shared by two parents of 600 kbps, and the child's allocation. */
    private record TwoParents(String content, String first, String second, String child, String id) {

        int firstShare() {
            return shareOf(id, first);
        }

        int secondShare() {
            return shareOf(id, second);
        }
    }

    private static TwoParents twoParents(String isp, String country) {
        String content = declareLive(1000);
        String first = joinRegular(600, isp, country);
        String second = joinRegular(600, isp, country);
        hold(first, content);
        hold(second, content);
        String child = joinRegular(100, isp, country);
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        return new TwoParents(content, first, second, child, id);
    }

    /** A live content of 1000 kbps from four parents of 250 kbps (the default maxParents), and the allocation. */
    private record FourParents(String content, List<String> parents, String child, String id) {}

    private static FourParents fourParents(String isp, String country) {
        String content = declareLive(1000);
        List<String> parents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String parent = joinRegular(250, isp, country);
            hold(parent, content);
            parents.add(parent);
        }
        String child = joinRegular(100, isp, country);
        String id = allocate(child, content)
                .statusCode(201)
                .body("parents.rateKbps", contains(250, 250, 250, 250))
                .extract()
                .path("allocationId");
        return new FourParents(content, parents, child, id);
    }

    @Test
    void a_parent_that_sends_nothing_is_replaced_for_its_share_and_everyone_learns_it_by_heartbeat() {
        TwoParents setup = twoParents("isp-d", "FI");
        String content = setup.content(), first = setup.first(), second = setup.second();
        String child = setup.child(), id = setup.id();
        int firstShare = setup.firstShare(), secondShare = setup.secondShare();
        String spare = joinRegular(2000, "isp-d", "FI");
        hold(spare, content);
        String epoch = heartbeat(child, "", null).extract().path("epoch");
        heartbeat(first, "", null).body("assignments.asParent[0].allocationId", equalTo(id));

        clock.advance(Duration.ofSeconds(12));
        alive(first, second, spare);
        heartbeat(child, epoch, List.of(got(id, first, 0, 0), got(id, second, secondShare, 40_000)));
        clock.advance(Duration.ofSeconds(10));
        alive(first, second, spare);
        heartbeat(child, epoch, List.of(got(id, first, 0, 0), got(id, second, secondShare, 80_000)))
                .body("epoch", equalTo(epoch));
        assertThat(deliveries.detected())
                .extracting(Deliveries.Detection::allocationId, Deliveries.Detection::parentId)
                .contains(org.assertj.core.groups.Tuple.tuple(id, first));

        assertThat(sweep.sweep().repaired()).contains(id);

        given().get("/v1/decisions?trigger=NO_DATA&node=" + child)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].allocationId", equalTo(id))
                .body("items[0].revision", equalTo(1))
                .body("items[0].trigger", equalTo("NO_DATA"))
                .body("items[0].explanation", equalTo("/v1/allocations/" + id + "/explanation?revision=1"));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("NO_DATA"))
                .body("requiredKbps", equalTo(firstShare))
                .body("outcome", equalTo("ALLOCATED"))
                .body("candidates.find { it.nodeId == '" + spare + "' }.verdict", equalTo("ASSIGNED"));
        assertThat(candidateMessage(id, 1, first))
                .isEqualTo(first + " sent no new bytes to " + child
                        + " for 2 reports in a row: its share is looked for elsewhere");
        assertThat(candidateMessage(id, 1, second))
                .isEqualTo(second + " is already a parent of this allocation and keeps its share");

        String childEpoch = heartbeat(child, epoch, null)
                .body("assignments.asChild[0].allocationId", equalTo(id))
                .body("assignments.asChild[0].revision", equalTo(1))
                .body("assignments.asChild[0].parents.nodeId", contains(second, spare))
                .body("assignments.asChild[0].parents.rateKbps", contains(secondShare, firstShare))
                .body("assignments.asChild[0].coveredKbps", equalTo(1000))
                .extract()
                .path("epoch");
        assertThat(childEpoch).isNotEqualTo(epoch);
        heartbeat(spare, "", null)
                .body("assignments.asParent.allocationId", contains(id))
                .body("assignments.asParent[0].childId", equalTo(child))
                .body("assignments.asParent[0].revision", equalTo(1))
                .body("assignments.asParent[0].rateKbps", equalTo(firstShare));
        heartbeat(first, "stale", null)
                .body("assignments.asParent", org.hamcrest.Matchers.empty())
                .body("ended.allocationId", contains(id))
                .body("ended[0].reason", equalTo("no longer a parent of this allocation since its revision 1"));
        given().get("/v1/nodes/" + first).then().body("reservedUplinkKbps", equalTo(0));
        given().get("/v1/nodes/" + second).then().body("reservedUplinkKbps", equalTo(secondShare));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(firstShare));

        // Acted on once: the next pass finds nothing more to do for it.
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
    }

    @Test
    void a_slow_parent_below_max_parents_keeps_what_it_delivers_and_a_parent_is_added_for_the_rest() {
        TwoParents setup = twoParents("isp-c", "EE");
        String content = setup.content(), first = setup.first(), second = setup.second();
        String child = setup.child(), id = setup.id();
        int firstShare = setup.firstShare(), secondShare = setup.secondShare();
        String spare = joinRegular(2000, "isp-c", "EE");
        hold(spare, content);

        clock.advance(Duration.ofSeconds(5));
        for (int i = 1; i <= 3; i++) {
            alive(first, second, spare);
            heartbeat(child, null, List.of(got(id, first, 150, i * 1000L), got(id, second, secondShare, i * 9000L)));
            clock.advance(Duration.ofSeconds(10));
        }
        // Two slow reports are not yet congestion: the first came during the grace.
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        alive(first, second, spare);
        heartbeat(child, null, List.of(got(id, first, 150, 4000), got(id, second, secondShare, 36_000)));
        assertThat(sweep.sweep().repaired()).contains(id);

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(1))
                .body("coveredKbps", equalTo(1000))
                .body("parents.nodeId", contains(first, second, spare))
                .body("parents.rateKbps", contains(150, secondShare, firstShare - 150));
        given().get("/v1/decisions?trigger=CONGESTION&node=" + child)
                .then()
                .body("total", equalTo(1))
                .body("items[0].revision", equalTo(1))
                .body("items[0].trigger", equalTo("CONGESTION"));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("CONGESTION"))
                .body("requiredKbps", equalTo(firstShare - 150))
                .body("candidates.find { it.nodeId == '" + first + "' }.verdict", equalTo("REJECTED"));
        assertThat(candidateMessage(id, 1, first))
                .isEqualTo(first + " delivered 150 of its " + firstShare + " kbps to " + child
                        + " for 3 reports in a row");
        given().get("/v1/nodes/" + first).then().body("reservedUplinkKbps", equalTo(150));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(firstShare - 150));
        heartbeat(first, "", null)
                .body("assignments.asParent[0].allocationId", equalTo(id))
                .body("assignments.asParent[0].rateKbps", equalTo(150));

        // Delivering its smaller share, it is not congested any more.
        for (int i = 5; i <= 8; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(first, second, spare);
            heartbeat(
                    child,
                    null,
                    List.of(
                            got(id, first, 150, i * 1000L),
                            got(id, second, secondShare, i * 9000L),
                            got(id, spare, firstShare - 150, i * 5000L)));
        }
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        given().get("/v1/allocations/" + id).then().body("revision", equalTo(1));
    }

    @Test
    void a_slow_parent_at_max_parents_is_replaced() {
        FourParents setup = fourParents("isp-m", "LV");
        String content = setup.content(), child = setup.child(), id = setup.id();
        List<String> parents = setup.parents();
        String slow = parents.get(2);
        String spare = joinRegular(2000, "isp-m", "LV");
        hold(spare, content);

        for (int i = 1; i <= 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(parents.toArray(String[]::new));
            alive(spare);
            List<Map<String, Object>> receiving = new ArrayList<>();
            for (String parent : parents) {
                receiving.add(got(id, parent, parent.equals(slow) ? 100 : 250, i * 3000L));
            }
            heartbeat(child, null, receiving);
        }
        assertThat(sweep.sweep().repaired()).contains(id);

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(1))
                .body("coveredKbps", equalTo(1000))
                .body("parents.nodeId", containsInAnyOrder(parents.get(0), parents.get(1), parents.get(3), spare))
                .body("parents.find { it.nodeId == '" + spare + "' }.rateKbps", equalTo(250));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("CONGESTION"))
                .body("requiredKbps", equalTo(250));
        assertThat(candidateMessage(id, 1, slow))
                .isEqualTo(slow + " delivered 100 of its 250 kbps to " + child + " for 3 reports in a row");
        given().get("/v1/nodes/" + slow).then().body("reservedUplinkKbps", equalTo(0));
    }

    @Test
    void
            a_slow_parent_is_replaced_for_an_allocation_that_asked_for_one_parent_and_joined_for_one_that_asked_for_three() {
        String content = declareLive(1000);
        String slow = joinRegular(2000, "isp-x", "LT");
        hold(slow, content);
        String asksOne = joinRegular(100, "isp-x", "LT");
        String asksThree = joinRegular(100, "isp-x", "LT");
        String one = Api.allocate(asksOne, content, 1)
                .statusCode(201)
                .body("maxParents", equalTo(1))
                .body("parents.nodeId", contains(slow))
                .extract()
                .path("allocationId");
        String three = Api.allocate(asksThree, content, 3)
                .statusCode(201)
                .body("maxParents", equalTo(3))
                .body("parents.nodeId", contains(slow))
                .extract()
                .path("allocationId");
        given().get("/v1/allocations/" + one).then().body("maxParents", equalTo(1));
        given().get("/v1/allocations/" + three).then().body("maxParents", equalTo(3));
        String spare = joinRegular(4000, "isp-x", "LT");
        hold(spare, content);

        for (int i = 1; i <= 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(slow, spare);
            heartbeat(asksOne, null, List.of(got(one, slow, 400, i * 5000L)));
            heartbeat(asksThree, null, List.of(got(three, slow, 400, i * 5000L)));
        }
        assertThat(sweep.sweep().repaired()).contains(one, three);

        // At its maxParents of 1: the slow parent goes and one parent takes its whole share.
        given().get("/v1/allocations/" + one)
                .then()
                .body("revision", equalTo(1))
                .body("maxParents", equalTo(1))
                .body("parents.nodeId", contains(spare))
                .body("parents.rateKbps", contains(1000));
        assertThat(candidateMessage(one, 1, slow))
                .isEqualTo(slow + " delivered 400 of its 1000 kbps to " + asksOne + " for 3 reports in a row");
        // Below its maxParents of 3: the slow parent keeps what it delivers and a parent is added for the rest.
        given().get("/v1/allocations/" + three)
                .then()
                .body("revision", equalTo(1))
                .body("maxParents", equalTo(3))
                .body("parents.nodeId", contains(slow, spare))
                .body("parents.rateKbps", contains(400, 600));
        given().get("/v1/allocations/" + three + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("CONGESTION"))
                .body("requiredKbps", equalTo(600));
        given().get("/v1/nodes/" + slow).then().body("reservedUplinkKbps", equalTo(400));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(1600));
    }

    @Test
    void reports_beyond_the_bound_are_kept_but_not_acted_on_until_the_next_interval() {
        FourParents setup = fourParents("isp-b", "LT");
        String content = setup.content(), child = setup.child(), id = setup.id();
        List<String> parents = setup.parents();
        List<String> spares = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String spare = joinRegular(1000, "isp-b", "LT");
            hold(spare, content);
            spares.add(spare);
        }
        List<Map<String, Object>> nothing =
                parents.stream().map(parent -> got(id, parent, 0, 0)).toList();

        clock.advance(Duration.ofSeconds(12));
        alive(parents.toArray(String[]::new));
        heartbeat(child, null, nothing);
        clock.advance(Duration.ofSeconds(10));
        alive(parents.toArray(String[]::new));
        alive(spares.toArray(String[]::new));
        // Four parents send nothing: three repairs are acted on, the fourth report is kept.
        heartbeat(child, null, nothing);
        assertThat(deliveries.detected())
                .filteredOn(d -> d.allocationId().equals(id))
                .extracting(Deliveries.Detection::parentId)
                .containsExactlyInAnyOrderElementsOf(parents.subList(0, 3));
        given().get("/v1/nodes/" + child).then().body("lastReport.notActedOn", equalTo(1));

        assertThat(sweep.sweep().repaired()).contains(id);
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(3))
                .body("parents.nodeId", org.hamcrest.Matchers.hasItem(parents.get(3)))
                .body("coveredKbps", equalTo(1000));

        // Still in the same interval: kept, counted, not acted on.
        clock.advance(Duration.ofSeconds(2));
        alive(parents.toArray(String[]::new));
        heartbeat(child, null, List.of(got(id, parents.get(3), 0, 0)));
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        given().get("/v1/nodes/" + child)
                .then()
                .body("lastReport.notActedOn", equalTo(2))
                .body("lastReport.receiving.parentId", contains(parents.get(3)));
        given().get("/v1/decisions?trigger=NO_DATA&node=" + child).then().body("total", equalTo(3));

        // The next interval acts on it.
        clock.advance(Duration.ofSeconds(8));
        alive(parents.toArray(String[]::new));
        alive(spares.toArray(String[]::new));
        heartbeat(child, null, List.of(got(id, parents.get(3), 0, 0)));
        assertThat(sweep.sweep().repaired()).contains(id);
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(4))
                .body("parents.nodeId", containsInAnyOrder(spares.toArray()))
                .body("coveredKbps", equalTo(1000));
        given().get("/v1/decisions?trigger=NO_DATA&node=" + child)
                .then()
                .body("total", equalTo(4))
                .body("items.revision", containsInAnyOrder(4, 3, 2, 1));
        given().get("/v1/nodes/" + child).then().body("lastReport.notActedOn", equalTo(2));
    }

    @Test
    void a_slow_parent_for_which_no_parent_is_found_stays_as_it_was_and_its_reports_count_again() {
        TwoParents setup = twoParents("isp-n", "SI");
        String first = setup.first(), second = setup.second(), child = setup.child(), id = setup.id();
        int firstShare = setup.firstShare(), secondShare = setup.secondShare();

        for (int i = 1; i <= 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(first, second);
            heartbeat(child, null, List.of(got(id, first, 100, i * 1000L), got(id, second, secondShare, i * 9000L)));
        }
        assertThat(deliveries.detected()).anyMatch(d -> d.allocationId().equals(id));
        java.time.Instant chargedAt = deliveries.detected().stream()
                .filter(d -> d.allocationId().equals(id))
                .findFirst()
                .orElseThrow()
                .chargedAt();
        assertThat(budget.used(child, chargedAt)).as("charged when detected").isEqualTo(1);
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        assertThat(budget.used(child, chargedAt))
                .as("a repair that changed nothing is given back")
                .isZero();

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(0))
                .body("parents.nodeId", containsInAnyOrder(first, second))
                .body("coveredKbps", equalTo(1000));
        given().get("/v1/nodes/" + first).then().body("reservedUplinkKbps", equalTo(firstShare));
        given().get("/v1/decisions?trigger=CONGESTION&node=" + child).then().body("total", equalTo(0));
        // Its slow reports count from zero again: two more are not yet congestion, the third is.
        for (int i = 5; i <= 7; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(first, second);
            heartbeat(child, null, List.of(got(id, first, 100, i * 1000L), got(id, second, secondShare, i * 9000L)));
            assertThat(deliveries.detected().stream()
                            .anyMatch(d -> d.allocationId().equals(id)))
                    .as("detected after report %d", i)
                    .isEqualTo(i == 7);
        }
    }

    @Test
    void a_parent_that_sends_nothing_with_no_other_holder_is_dropped_and_not_taken_back_by_the_retry() {
        TwoParents setup = twoParents("isp-o", "HR");
        String content = setup.content(), first = setup.first(), second = setup.second();
        String child = setup.child(), id = setup.id();
        int firstShare = setup.firstShare(), secondShare = setup.secondShare();

        for (int i = 1; i <= 2; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(first, second);
            heartbeat(child, null, List.of(got(id, first, 0, 0), got(id, second, secondShare, i * 9000L)));
        }
        assertThat(sweep.sweep().repaired()).contains(id);
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(1))
                .body("parents.nodeId", contains(second))
                .body("coveredKbps", equalTo(secondShare));
        given().get("/v1/allocations/" + id + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("NO_DATA"))
                .body("outcome", equalTo("NO_PARENT"));
        given().get("/v1/nodes/" + first).then().body("reservedUplinkKbps", equalTo(0));

        // Within a lease the retry does not give the share back to the parent that sent nothing.
        clock.advance(Duration.ofSeconds(5));
        alive(first, second);
        String spare = joinRegular(2000, "isp-o", "HR");
        hold(spare, content);
        assertThat(sweep.sweep().repaired()).contains(id);
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(2))
                .body("parents.nodeId", contains(second, spare))
                .body("parents.rateKbps", contains(secondShare, firstShare));
        assertThat(candidateMessage(id, 2, first))
                .isEqualTo(first + " sent no new bytes to " + child
                        + " for 2 reports in a row: its share is looked for elsewhere");
        given().get("/v1/decisions?trigger=NO_DATA&node=" + child)
                .then()
                .body("total", equalTo(2))
                .body("items.revision", containsInAnyOrder(2, 1));
    }

    @Test
    void reports_during_the_connect_grace_repair_nothing() {
        String content = declareLive(500);
        String parent = joinRegular(1000, "isp-g", "IS");
        hold(parent, content);
        String child = joinRegular(100, "isp-g", "IS");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        String spare = joinRegular(1000, "isp-g", "IS");
        hold(spare, content);

        for (int second : new int[] {2, 3, 3, 1}) {
            clock.advance(Duration.ofSeconds(second));
            heartbeat(child, null, List.of(got(id, parent, 0, 0)));
        }
        assertThat(sweep.sweep().repaired()).doesNotContain(id);
        // The first report after the grace is one without data, not two.
        clock.advance(Duration.ofSeconds(2));
        heartbeat(child, null, List.of(got(id, parent, 0, 0)));
        assertThat(sweep.sweep().repaired()).doesNotContain(id);

        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(0))
                .body("parents.nodeId", contains(parent));
        given().get("/v1/decisions?trigger=NO_DATA&node=" + child).then().body("total", equalTo(0));
        assertThat(deliveries.detected()).noneMatch(d -> d.allocationId().equals(id));
    }

    @Test
    void reports_about_pairs_that_are_not_the_nodes_are_kept_and_ignored() {
        String content = declareLive(500);
        String parent = joinRegular(1000, "isp-x", "MT");
        hold(parent, content);
        String child = joinRegular(100, "isp-x", "MT");
        String other = joinRegular(100, "isp-x", "MT");
        String id = allocate(child, content).statusCode(201).extract().path("allocationId");
        String othersId = allocate(other, content).statusCode(201).extract().path("allocationId");
        String spare = joinRegular(1000, "isp-x", "MT");
        hold(spare, content);
        List<Map<String, Object>> notMine =
                List.of(got(othersId, parent, 0, 0), got(id, spare, 0, 0), got("no-such-allocation", parent, 0, 0));

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            alive(parent, other, spare);
            heartbeat(child, null, notMine)
                    .body("allocationsAsChild", contains(id))
                    .body("allocationsAsParent", org.hamcrest.Matchers.empty());
        }
        sweep.sweep();

        given().get("/v1/allocations/" + othersId).then().body("revision", equalTo(0));
        given().get("/v1/allocations/" + id)
                .then()
                .body("revision", equalTo(0))
                .body("parents.nodeId", contains(parent));
        given().get("/v1/decisions?trigger=NO_DATA&node=" + child).then().body("total", equalTo(0));
        given().get("/v1/decisions?trigger=NO_DATA&node=" + other).then().body("total", equalTo(0));
        given().get("/v1/nodes/" + child)
                .then()
                .body("lastReport.receiving.allocationId", contains(othersId, id, "no-such-allocation"))
                .body("lastReport.notActedOn", equalTo(0));
    }
}
