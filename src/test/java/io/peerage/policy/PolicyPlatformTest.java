package io.peerage.policy;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.peerage.identity.Roles;
import io.peerage.support.Credentials;
import io.peerage.support.WritableRulesFolder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Business users edit policies: in the watched folder or through the API, with versions, validation and dry runs. */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class PolicyPlatformTest {

    /** A policy that keeps CDN nodes out: the HARD kind, so that it forbids and is never relaxed. */
    static final String NO_CDN = """
            package peerage.test;

            import io.peerage.policy.fact.Candidate;
            global io.peerage.policy.Verdicts verdicts;

            rule "CDN nodes never serve"
                @kind(PROVIDER) @strictness(HARD) @rank(5) @code("no-cdn") @label("a CDN node")
                @description("Hosting costs: peers only")
            when
                $candidate : Candidate( node.cdn, $parent : node.id )
            then
                verdicts.reject($candidate, $parent + " is a CDN node");
            end
            """;

    static final String BROKEN = """
            package peerage.test;

            import io.peerage.policy.fact.Candidate;
            global io.peerage.policy.Verdicts verdicts;

            rule "Broken"
                @kind(PROVIDER) @strictness(HARD) @rank(5) @code("broken")
            when
                $candidate : Candidate( node.colour == "blue" )
            then
                verdicts.reject($candidate, "blue");
            end
            """;

    static final String[] SHIPPED = {
        "classification.drl", "client.drl", "compatibility.drl", "network.drl", "provider.drl", "settings.json"
    };

    @Inject
    PolicyEngine engine;

    Path folder = WritableRulesFolder.folder();

    @AfterEach
    void removeTestPolicies() throws Exception {
        Files.deleteIfExists(folder.resolve("no-cdn.drl"));
        Files.deleteIfExists(folder.resolve("broken.drl"));
        engine.syncFolder();
    }

    @Test
    void the_active_version_lists_its_files_and_every_rule_with_its_metadata() {
        given().get("/v1/policies")
                .then()
                .statusCode(200)
                .body("version", notNullValue())
                .body("files.name", contains(SHIPPED))
                .body(
                        "rules.find { it.name == 'A child with an access list receives only from sources on it' }.label",
                        equalTo("not on the child's access list"))
                .body(
                        "rules.find { it.name == 'A child with an access list receives only from sources on it' }.policyKind",
                        equalTo("COMPATIBILITY"))
                .body(
                        "rules.find { it.name == 'A child with an access list receives only from sources on it' }.strictness",
                        equalTo("HARD"))
                .body(
                        "rules.find { it.name == 'A child with an access list receives only from sources on it' }.description",
                        equalTo("The word CDN on an access list admits every CDN node"));
    }

    @Test
    void an_edit_saved_in_the_folder_becomes_a_new_version_without_a_restart() throws Exception {
        String content = declareLive(500);
        String cdn = joinCdn(100_000);
        String peer = joinRegular(1000, "isp-p1", "DE");
        hold(cdn, content);
        hold(peer, content);
        int before = engine.current().number();

        Files.writeString(folder.resolve("no-cdn.drl"), NO_CDN);
        assertThat(engine.syncFolder()).isEmpty();

        given().get("/v1/policies")
                .then()
                .body("version", equalTo(before + 1))
                .body("author", equalTo("file-watcher"))
                .body("files.name", hasItem("no-cdn.drl"));
        String allocationId = allocate(joinRegular(100, "isp-p1", "DE"), content)
                .statusCode(201)
                .body("policyVersion", equalTo(before + 1))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body("policyVersion", equalTo(before + 1))
                .body(
                        "candidates.find { it.nodeId == '" + cdn + "' }.reasons.message",
                        contains(cdn + " is a CDN node"));
    }

    @Test
    void a_broken_edit_in_the_folder_is_refused_with_where_and_why_and_the_previous_version_stays() throws Exception {
        int before = engine.current().number();
        Files.writeString(folder.resolve("broken.drl"), BROKEN);

        assertThat(engine.syncFolder()).isNotEmpty();

        given().get("/v1/policies/status")
                .then()
                .statusCode(200)
                .body("activeVersion", equalTo(before))
                .body("ready", equalTo(true))
                .body("folderMatchesActive", equalTo(false))
                .body("rejectedAt", notNullValue())
                .body("problems[0].file", equalTo("broken.drl"))
                .body("problems[0].line", equalTo(9))
                .body("problems[0].message", containsString("colour"));
        given().get("/v1/policies").then().body("version", equalTo(before));

        String content = declareLive(500);
        hold(joinRegular(1000, "isp-p2", "DE"), content);
        allocate(joinRegular(100, "isp-p2", "DE"), content).statusCode(201).body("policyVersion", equalTo(before));
    }

    @Test
    void a_file_put_through_the_api_is_validated_versioned_written_to_the_folder_and_can_be_rolled_back()
            throws Exception {
        int before = engine.current().number();

        given().contentType("text/plain")
                .body(BROKEN)
                .header("Authorization", Credentials.as("alice", Roles.POLICY_AUTHOR))
                .put("/v1/policies/files/broken.drl")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-policy"))
                .body("problems[0].file", equalTo("broken.drl"))
                .body("problems[0].line", equalTo(9))
                .body("detail", containsString("nothing was activated"));
        given().get("/v1/policies").then().body("version", equalTo(before));
        assertThat(folder.resolve("broken.drl")).doesNotExist();

        given().contentType("text/plain")
                .body(NO_CDN)
                .header("Authorization", Credentials.as("alice", Roles.POLICY_AUTHOR))
                .put("/v1/policies/files/no-cdn.drl")
                .then()
                .statusCode(200)
                .body("version", equalTo(before + 1))
                .body("author", equalTo("alice"))
                .body("activatedBy", equalTo("alice"))
                .body("files.name", hasItem("no-cdn.drl"));
        assertThat(folder.resolve("no-cdn.drl")).hasContent(NO_CDN);
        assertThat(engine.syncFolder()).isEmpty();
        assertThat(engine.current().number()).isEqualTo(before + 1);

        given().get("/v1/policies/versions/" + (before + 1))
                .then()
                .statusCode(200)
                .body("author", equalTo("alice"))
                .body("active", equalTo(true))
                .body("diff", containsString("+++ b/no-cdn.drl"))
                .body("diff", containsString("+rule \"CDN nodes never serve\""));
        given().get("/v1/policies/versions")
                .then()
                .body("[0].number", equalTo(before + 1))
                .body("[0].active", equalTo(true))
                .body("[1].number", equalTo(before));

        // The recorded author is the authenticated name, never a header.
        given().header("Authorization", Credentials.as("bob", Roles.POLICY_ADMIN))
                .header("X-Peerage-Author", "mallory")
                .post("/v1/policies/versions/" + before + "/activate")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("activatedBy", equalTo("bob"))
                .body("files.name", contains(SHIPPED));
        assertThat(folder.resolve("no-cdn.drl")).doesNotExist();
        given().get("/v1/policies/versions").then().body("find { it.number == " + before + " }.active", equalTo(true));
    }

    @Test
    void deleting_a_file_makes_a_version_without_it_and_unknown_files_and_versions_are_404() {
        given().contentType("text/plain")
                .body(NO_CDN)
                .put("/v1/policies/files/no-cdn.drl")
                .then()
                .statusCode(200);
        int with = engine.current().number();
        given().delete("/v1/policies/files/no-cdn.drl")
                .then()
                .statusCode(200)
                .body("version", equalTo(with + 1))
                .body("author", equalTo("dev-policy-author")) // the token's name, given by Credentials
                .body("files.name", contains(SHIPPED));
        given().delete("/v1/policies/files/no-cdn.drl")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-policy-file"))
                .body("detail", equalTo("unknown policy file 'no-cdn.drl'"));
        given().get("/v1/policies/versions/99999")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-policy-version"));
        given().contentType("text/plain")
                .body(NO_CDN)
                .put("/v1/policies/files/..%2Fescape.drl")
                .then()
                .statusCode(400);
        given().contentType("text/plain")
                .body(NO_CDN)
                .put("/v1/policies/files/notes.txt")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"))
                .body(
                        "errors[0].message",
                        equalTo("must be a policy file name: letters, digits, '.', '_' or '-',"
                                + " ending in .drl (such as network.drl), or settings.json"));
    }

    @Test
    void a_set_without_any_rule_file_is_never_activated() {
        int before = engine.current().number();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> engine.propose(java.util.List.of(PolicyFile.of("settings.json", "{}")), "test"))
                .isInstanceOf(PolicyRejectedException.class)
                .hasMessageContaining("no .drl policy file in")
                .hasMessageContaining("Maybe the rules folder is set wrong?");
        assertThat(engine.current().number()).isEqualTo(before);
    }

    @Test
    void files_can_be_validated_without_activating_them() {
        int before = engine.current().number();
        given().contentType("application/json")
                .body(Map.of("files", Map.of("broken.drl", BROKEN)))
                .post("/v1/policies/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].file", equalTo("broken.drl"))
                .body("rules", empty());
        given().contentType("application/json")
                .body(Map.of("files", Map.of("no-cdn.drl", NO_CDN)))
                .post("/v1/policies/validate")
                .then()
                .body("valid", equalTo(true))
                .body("problems", empty())
                .body("rules.name", contains("CDN nodes never serve"));
        assertThat(engine.current().number()).isEqualTo(before);
    }

    @Test
    void a_dry_run_shows_which_assignments_a_proposal_forbids_and_which_requests_it_changes() {
        String content = declareLive(500);
        String cdn = joinCdn(100_000);
        hold(cdn, content);
        String child = joinRegular(100, "isp-p3", "DE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        int before = engine.current().number();

        Map<String, String> proposal = new java.util.HashMap<>();
        engine.current().files().forEach(file -> proposal.put(file.name(), file.text()));
        proposal.put("no-cdn.drl", NO_CDN);
        given().contentType("application/json")
                .body(Map.of("files", proposal, "sample", 200))
                .post("/v1/policies/dry-run")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("assignments.byRule.'CDN nodes never serve'", notNullValue())
                .body("assignments.examples.find { it.allocationId == '" + allocationId + "' }.parentId", equalTo(cdn))
                .body(
                        "assignments.examples.find { it.allocationId == '" + allocationId + "' }.reasons.message",
                        contains(cdn + " is a CDN node"))
                .body(
                        "recentRequests.examples.find { it.decisionId == '" + allocationId + "' }.proposedOutcome",
                        equalTo("NO_PARENT"))
                .body(
                        "recentRequests.examples.find { it.decisionId == '" + allocationId + "' }.activeParents",
                        contains(cdn));
        assertThat(engine.current().number()).isEqualTo(before);
        given().get("/v1/allocations/" + allocationId).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void activating_a_version_lists_the_assignments_it_forbids() {
        String content = declareLive(500);
        String cdn = joinCdn(100_000);
        hold(cdn, content);
        String allocationId = allocate(joinRegular(100, "isp-p4", "DE"), content)
                .statusCode(201)
                .extract()
                .path("allocationId");

        given().contentType("text/plain")
                .body(NO_CDN)
                .put("/v1/policies/files/no-cdn.drl")
                .then()
                .statusCode(200)
                .body("forbiddenAssignments.examples.allocationId", hasItem(allocationId))
                .body("forbiddenAssignments.byRule.'CDN nodes never serve'", notNullValue());
        given().contentType("application/json")
                .body(Map.of("files", Map.of("a.drl", "x"), "sample", 5000))
                .post("/v1/policies/dry-run")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("sample"));
        given().get("/v1/policies/status").then().body("problems", hasSize(0));
    }
}
