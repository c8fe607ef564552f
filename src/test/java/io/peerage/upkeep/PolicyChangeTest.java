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

import io.peerage.policy.PolicyEngine;
import io.peerage.support.TestClock;
import io.peerage.support.WritableRulesFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live assignments follow the policies: an activation repairs the pairs it forbids (trigger POLICY_CHANGE) in
 * bounded batches, a large one needs confirmation, and quiet hours that begin repair only the pairs they forbid.
 */
@QuarkusTest
@TestProfile(PolicyChangeTest.Guarded.class)
class PolicyChangeTest {

    /** Its own rules folder and swarm; the activation share at its default, two allocations per batch. */
    public static final class Guarded implements QuarkusTestProfile {

        static final Path FOLDER = WritableRulesFolder.copyOfRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "peerage.rules.directory", FOLDER.toString(),
                    "peerage.repair.max-activation-share", "0.2",
                    "peerage.repair.policy-batch-size", "2");
        }
    }

    static final String ICELAND = """
            package peerage.test;

            import io.peerage.policy.fact.Candidate;
            global io.peerage.policy.Verdicts verdicts;

            rule "Parents in Iceland do not serve"
                @kind(NETWORK) @strictness(HARD) @rank(5) @code("no-iceland") @label("in Iceland")
            when
                $candidate : Candidate( node.country == "IS", $parent : id )
            then
                verdicts.reject($candidate, $parent + " is in Iceland");
            end
            """;

    static final String ICELAND_RULE = "\"Parents in Iceland do not serve\" (no-iceland)";

    @Inject
    PolicyRepairs policyRepairs;

    @Inject
    Repairs repairs;

    @Inject
    Sweep sweep;

    @Inject
    PolicyEngine engine;

    @Inject
    TestClock clock;

    private final List<String> nodes = new ArrayList<>();

    @AfterEach
    void leaveTheSwarmAsFound() {
        nodes.forEach(node -> given().delete("/v1/nodes/" + node));
        given().delete("/v1/policies/files/iceland.drl?confirm=true");
        while (policyRepairs.queuedCount() > 0) {
            policyRepairs.repairBatch();
        }
    }

    private String node(String country, long uplinkKbps) {
        return node(country, uplinkKbps, null);
    }

    private String node(String country, long uplinkKbps, Map<String, Object> serving) {
        String id = joinRegular(uplinkKbps, "isp-pc", country, serving);
        nodes.add(id);
        return id;
    }

    private static JsonPath heartbeat(String nodeId, String seenEpoch) {
        return given().contentType("application/json")
                .body(Map.of("seenEpoch", seenEpoch))
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void putIceland(String query, int status) {
        given().contentType("text/plain")
                .body(ICELAND)
                .put("/v1/policies/files/iceland.drl" + query)
                .then()
                .statusCode(status);
    }

    @Test
    void an_activation_repairs_the_pairs_it_forbids_and_a_pair_ends_even_without_a_replacement() {
        String content = declareLive(1000);
        String icelandic = node("IS", 600);
        String german = node("DE", 600);
        hold(icelandic, content);
        hold(german, content);
        String twoParents = node("DE", 100);
        String twoParentsId =
                allocate(twoParents, content, 2).statusCode(201).extract().path("allocationId");
        int icelandicShare = given().get("/v1/allocations/" + twoParentsId)
                .then()
                .body("parents.nodeId", containsInAnyOrder(icelandic, german))
                .extract()
                .path("parents.find { it.nodeId == '" + icelandic + "' }.rateKbps");
        // Only an Icelandic node holds this one: its pair ends with no replacement.
        String rare = declareLive(300);
        String onlyHolder = node("IS", 1000);
        hold(onlyHolder, rare);
        String lonely = node("DE", 100);
        String lonelyId = allocate(lonely, rare).statusCode(201).extract().path("allocationId");
        // Eight allocations the rule does not touch: 2 of 10 is the 20% an activation may repair unconfirmed.
        String other = declareLive(100);
        String big = node("DE", 10_000);
        hold(big, other);
        List<String> untouched = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            untouched.add(
                    allocate(node("DE", 100), other).statusCode(201).extract().path("allocationId"));
        }
        String spare = node("DE", 2000);
        hold(spare, content);
        String childEpoch = heartbeat(twoParents, "").getString("epoch");
        heartbeat(icelandic, "");

        int version = given().contentType("text/plain")
                .body(ICELAND)
                .put("/v1/policies/files/iceland.drl")
                .then()
                .statusCode(200)
                .body("forbiddenAssignments.assignments", equalTo(10))
                .body("forbiddenAssignments.forbiddenAllocations", equalTo(2))
                .body("forbiddenAssignments.forbiddenParents", equalTo(2))
                .extract()
                .path("version");
        // The activation only queued the work: nothing changed yet.
        given().get("/v1/allocations/" + twoParentsId).then().body("revision", equalTo(0));
        assertThat(policyRepairs.queuedCount()).isEqualTo(10);

        List<String> repaired = new ArrayList<>();
        List<Integer> checked = new ArrayList<>();
        while (policyRepairs.queuedCount() > 0) {
            PolicyRepairs.Batch batch = policyRepairs.repairBatch();
            checked.add(batch.checked());
            repaired.addAll(batch.repaired());
        }
        assertThat(checked).containsExactly(2, 2, 2, 2, 2);
        assertThat(repaired).containsExactlyInAnyOrder(twoParentsId, lonelyId);

        // The other parent keeps its share; the forbidden one is replaced for its share only.
        given().get("/v1/allocations/" + twoParentsId)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("coveredKbps", equalTo(1000))
                .body("parents.nodeId", contains(german, spare))
                .body("parents.rateKbps", contains(1000 - icelandicShare, icelandicShare));
        given().get("/v1/nodes/" + icelandic).then().body("reservedUplinkKbps", equalTo(0));
        given().get("/v1/nodes/" + spare).then().body("reservedUplinkKbps", equalTo(icelandicShare));
        String note = "policy version " + version + " forbids this pair: " + ICELAND_RULE
                + "; the pair ends even when nothing replaces it";
        given().get("/v1/allocations/" + twoParentsId + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("POLICY_CHANGE"))
                .body("policyVersion", equalTo(version))
                .body("outcome", equalTo("ALLOCATED"))
                .body("requiredKbps", equalTo(icelandicShare))
                .body("candidates.find { it.nodeId == '" + icelandic + "' }.verdict", equalTo("REJECTED"))
                // Asked with maxParents 2, one parent kept: the one new parent must carry the whole lost share,
                // which the forbidden parent, its share not yet given back, has no spare uplink for either.
                .body(
                        "candidates.find { it.nodeId == '" + icelandic + "' }.reasons.code",
                        containsInAnyOrder("no-spare-uplink", "no-iceland"))
                .body(
                        "candidates.find { it.nodeId == '" + icelandic + "' }.reasons.find { it.code == 'no-iceland' }"
                                + ".message",
                        equalTo(icelandic + " is in Iceland"))
                .body("candidates.find { it.nodeId == '" + icelandic + "' }.note", equalTo(note))
                .body("candidates.find { it.nodeId == '" + spare + "' }.verdict", equalTo("ASSIGNED"));

        // A HARD rule forbids the only parent: the pair ends, the allocation goes on without parents, waiting.
        given().get("/v1/allocations/" + lonelyId)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("parents", empty())
                .body("coveredKbps", equalTo(0));
        given().get("/v1/allocations/" + lonelyId + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("POLICY_CHANGE"))
                .body("outcome", equalTo("NO_PARENT"))
                .body("summary", equalTo("0 of 1 candidates eligible: 1 in Iceland (NETWORK)"))
                .body("candidates.find { it.nodeId == '" + onlyHolder + "' }.reasons.code", contains("no-iceland"));
        given().get("/v1/nodes/" + onlyHolder).then().body("reservedUplinkKbps", equalTo(0));
        assertThat(repairs.isPending(lonelyId)).isTrue();

        for (String child : List.of(twoParents, lonely)) {
            given().get("/v1/decisions?trigger=POLICY_CHANGE&node=" + child)
                    .then()
                    .body("total", equalTo(1))
                    .body("items[0].allocationId", equalTo(child.equals(lonely) ? lonelyId : twoParentsId))
                    .body("items[0].revision", equalTo(1));
        }
        for (String id : untouched) {
            given().get("/v1/allocations/" + id).then().body("revision", equalTo(0));
        }

        // Heartbeats tell the child its new parents, and the forbidden parent which children it no longer serves.
        JsonPath child = heartbeat(twoParents, childEpoch);
        assertThat(child.getString("epoch")).isNotEqualTo(childEpoch);
        assertThat(child.getInt("assignments.asChild[0].revision")).isEqualTo(1);
        assertThat(child.getList("assignments.asChild[0].parents.nodeId")).containsExactly(german, spare);
        JsonPath dropped = heartbeat(icelandic, "stale");
        assertThat(dropped.getList("assignments.asParent")).isEmpty();
        assertThat(dropped.getList("ended.allocationId")).containsExactly(twoParentsId);
        assertThat(dropped.getString("ended[0].reason"))
                .isEqualTo("no longer a parent of this allocation since its revision 1");
    }

    @Test
    void an_activation_above_the_share_is_refused_without_confirm_and_repaired_in_batches_with_it() {
        String content = declareLive(200);
        String icelandic = node("IS", 10_000);
        hold(icelandic, content);
        List<String> allocations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            allocations.add(
                    allocate(node("DE", 100), content).statusCode(201).extract().path("allocationId"));
        }
        String german = node("DE", 10_000);
        hold(german, content);
        int before = engine.current().number();

        JsonPath dryRun = given().contentType("application/json")
                .body(Map.of("files", Map.of("iceland.drl", ICELAND), "sample", 0))
                .post("/v1/policies/dry-run")
                .then()
                .statusCode(200)
                .body("repairs.repairs", equalTo(5))
                .body("repairs.liveAllocations", equalTo(5))
                .body("repairs.confirmNeeded", equalTo(true))
                .extract()
                .jsonPath();
        assertThat(dryRun.getDouble("repairs.share")).isEqualTo(1.0);
        assertThat(dryRun.getDouble("repairs.maxShare")).isEqualTo(0.2);

        JsonPath problem = given().contentType("text/plain")
                .body(ICELAND)
                .put("/v1/policies/files/iceland.drl")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .extract()
                .jsonPath();
        assertThat(problem.getString("type")).isEqualTo("https://peerage.io/problems/activation-needs-confirm");
        assertThat(problem.getString("title"))
                .isEqualTo("The policies would repair too many live allocations without confirmation");
        assertThat(problem.getString("detail"))
                .isEqualTo("the new policies forbid a parent of 5 of 5 live allocations (100%), more than the 20%"
                        + " an activation may repair unconfirmed (peerage.repair.max-activation-share); nothing"
                        + " changed. Maybe check the dry run, then send the same request with ?confirm=true");
        assertThat(problem.getInt("repairs")).isEqualTo(5);
        assertThat(problem.getInt("liveAllocations")).isEqualTo(5);
        assertThat(problem.getDouble("share")).isEqualTo(1.0);
        assertThat(problem.getDouble("maxShare")).isEqualTo(0.2);
        assertThat(engine.current().number()).isEqualTo(before);
        assertThat(Files.exists(Guarded.FOLDER.resolve("iceland.drl"))).isFalse();
        assertThat(policyRepairs.queuedCount()).isZero();

        given().contentType("text/plain")
                .body(ICELAND)
                .put("/v1/policies/files/iceland.drl?confirm=maybe")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("confirm"))
                .body("errors[0].message", equalTo("must be true or false, not 'maybe'"));
        assertThat(engine.current().number()).isEqualTo(before);

        putIceland("?confirm=true", 200);
        assertThat(engine.current().number()).isGreaterThan(before);
        // More forbidden pairs than one batch: two per batch, until none is left.
        List<Integer> repairedPerBatch = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        while (policyRepairs.queuedCount() > 0) {
            PolicyRepairs.Batch batch = policyRepairs.repairBatch();
            repairedPerBatch.add(batch.repaired().size());
            left.add(batch.left());
            repaired.addAll(batch.repaired());
        }
        assertThat(repairedPerBatch).containsExactly(2, 2, 1);
        assertThat(left).containsExactly(3, 1, 0);
        assertThat(repaired).containsExactlyInAnyOrderElementsOf(allocations);
        for (String id : allocations) {
            given().get("/v1/allocations/" + id)
                    .then()
                    .body("revision", equalTo(1))
                    .body("parents.nodeId", contains(german));
        }
        given().get("/v1/nodes/" + icelandic).then().body("reservedUplinkKbps", equalTo(0));
        given().get("/v1/nodes/" + german).then().body("reservedUplinkKbps", equalTo(1000));
    }

    @Test
    void a_folder_edit_above_the_share_is_stored_not_activated_and_activated_with_confirm() throws IOException {
        String content = declareLive(200);
        String icelandic = node("IS", 10_000);
        hold(icelandic, content);
        String id = allocate(node("DE", 100), content).statusCode(201).extract().path("allocationId");
        int before = engine.current().number();

        Files.writeString(Guarded.FOLDER.resolve("iceland.drl"), ICELAND + "// written in the folder\n");
        assertThat(engine.syncFolder()).hasSize(1);
        assertThat(engine.current().number()).isEqualTo(before);
        int stored = before + 1;
        given().get("/v1/policies/status")
                .then()
                .body("activeVersion", equalTo(before))
                .body("folderMatchesActive", equalTo(false))
                .body(
                        "problems[0].message",
                        equalTo("stored as version " + stored + " and not activated: the new policies forbid a"
                                + " parent of 1 of 1 live allocations (100%), more than the 20% an activation may"
                                + " repair unconfirmed (peerage.repair.max-activation-share); nothing changed. Maybe"
                                + " check the dry run, then send the same request with ?confirm=true (POST"
                                + " /v1/policies/versions/" + stored + "/activate?confirm=true)"));
        given().get("/v1/policies/versions/" + stored).then().body("active", equalTo(false));
        given().get("/v1/allocations/" + id).then().body("revision", equalTo(0));

        given().post("/v1/policies/versions/" + stored + "/activate").then().statusCode(409);
        given().post("/v1/policies/versions/" + stored + "/activate?confirm=true")
                .then()
                .statusCode(200)
                .body("version", equalTo(stored));
        assertThat(engine.syncFolder()).isEmpty();
        given().get("/v1/policies/status").then().body("folderMatchesActive", equalTo(true));
        assertThat(policyRepairs.repairBatch().repaired()).containsExactly(id);
        given().get("/v1/allocations/" + id).then().body("revision", equalTo(1)).body("parents", empty());
    }

    @Test
    void quiet_hours_that_begin_repair_only_the_pairs_they_forbid() {
        DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        Map<String, Object> quiet = new LinkedHashMap<>();
        quiet.put("from", hours.format(clock.instant().plus(Duration.ofMinutes(1))));
        quiet.put("to", hours.format(clock.instant().plus(Duration.ofMinutes(61))));
        String content = declareLive(300);
        String resting = node("DE", 1000, Map.of("quietHours", quiet));
        hold(resting, content);
        String restingChild = node("DE", 100);
        String restingId =
                allocate(restingChild, content).statusCode(201).extract().path("allocationId");
        String other = declareLive(300);
        String tireless = node("DE", 1000);
        hold(tireless, other);
        String tirelessChild = node("DE", 100);
        String tirelessId =
                allocate(tirelessChild, other).statusCode(201).extract().path("allocationId");
        String replacement = node("DE", 1000);
        hold(replacement, content);
        int version = engine.current().number();

        // Before the quiet hours: both pairs are looked at, neither is checked again.
        PolicyRepairs.ClockPass calm = sweep.sweep().clockPass();
        assertThat(calm.looked()).isEqualTo(2);
        assertThat(calm.rechecked()).isZero();
        assertThat(calm.repaired()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        nodes.forEach(node -> heartbeat(node, ""));
        PolicyRepairs.ClockPass begun = sweep.sweep().clockPass();
        assertThat(begun.looked()).isEqualTo(2);
        assertThat(begun.rechecked()).isEqualTo(1);
        assertThat(begun.repaired()).containsExactly(restingId);

        given().get("/v1/allocations/" + restingId)
                .then()
                .body("revision", equalTo(1))
                .body("parents.nodeId", contains(replacement));
        given().get("/v1/nodes/" + resting).then().body("reservedUplinkKbps", equalTo(0));
        String note = "the clock (" + clock.instant() + ") made this pair forbidden under policy version " + version
                + ": \"A node does not serve during its quiet hours\" (quiet-hours) read the clock"
                + " (Candidate.node.inQuietHours)";
        given().get("/v1/allocations/" + restingId + "/explanation?revision=1")
                .then()
                .body("trigger", equalTo("POLICY_CHANGE"))
                .body("candidates.find { it.nodeId == '" + resting + "' }.reasons.code", hasItem("quiet-hours"))
                .body(
                        "candidates.find { it.nodeId == '" + resting + "' }.reasons.message",
                        hasItem(resting + " does not serve during its quiet hours, " + quiet.get("from") + "-"
                                + quiet.get("to") + " UTC"))
                .body("candidates.find { it.nodeId == '" + resting + "' }.note", equalTo(note));
        given().get("/v1/allocations/" + tirelessId).then().body("revision", equalTo(0));
        given().get("/v1/decisions?trigger=POLICY_CHANGE&node=" + tirelessChild)
                .then()
                .body("total", equalTo(0));
        given().get("/v1/decisions?trigger=POLICY_CHANGE&node=" + restingChild)
                .then()
                .body("total", equalTo(1))
                .body("items.allocationId", not(hasItem(tirelessId)));

        // Nothing changed since: the next pass checks nothing again.
        PolicyRepairs.ClockPass after = sweep.sweep().clockPass();
        assertThat(after.rechecked()).isZero();
    }
}
