package io.peerage.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.peerage.support.Api;
import io.peerage.support.Credentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Node tokens: what a join and a heartbeat answer, and which tokens are refused. */
@QuarkusTest
class NodeTokenTest {

    @Inject
    NodeTokenKey key;

    @Inject
    AgroalDataSource database;

    @Inject
    VerifiedNodeTokens verified;

    @Inject
    NodeTokens nodeTokens;

    private static String nodeToken(PrivateKey signer, String issuer, String nodeId, Instant expiresAt) {
        return "Bearer "
                + Jwt.issuer(issuer)
                        .subject(nodeId)
                        .groups(Set.of(Roles.NODE))
                        .issuedAt(expiresAt.minus(Duration.ofHours(1)))
                        .expiresAt(expiresAt)
                        .sign(signer);
    }

    private static void heartbeat(String nodeId, String authorization, int status) {
        var answer = given().header("Authorization", authorization)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + nodeId + "/heartbeat")
                .then()
                .statusCode(status);
        if (status == 401) {
            answer.contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("type", equalTo("https://peerage.io/problems/unauthenticated"));
        }
    }

    @Test
    void a_join_answers_a_node_token_that_acts_for_that_node_for_the_configured_lifetime() {
        String id = Api.id("tok");
        var joined = Api.join(Map.of(
                        "id",
                        id,
                        "kind",
                        "CLIENT",
                        "capabilities",
                        Api.capabilities(true, true, null),
                        "uplinkKbps",
                        1000))
                .statusCode(201)
                .body("id", equalTo(id))
                .body("nodeToken", notNullValue())
                .extract();
        Instant expiresAt = Instant.parse(joined.path("nodeTokenExpiresAt"));
        assertThat(Duration.between(Instant.now(), expiresAt))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        String token = "Bearer " + joined.path("nodeToken");
        // Fresh: the heartbeat answers the same token back.
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + id + "/heartbeat")
                .then()
                .statusCode(200)
                .body("nodeToken", equalTo(joined.path("nodeToken")));
        // It grants node, and nothing else.
        given().header("Authorization", token).get("/v1/decisions").then().statusCode(403);
        given().header("Authorization", token)
                .get("/v1/policies")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/forbidden"));
    }

    @Test
    void a_heartbeat_renews_a_token_past_half_its_lifetime() {
        String id = Api.joinRegular(1000, "isp-t", "DE");
        Instant soon = Instant.now().plus(Duration.ofMinutes(10));
        String ageing = nodeToken(key.privateKey(), NodeTokens.ISSUER, id, soon);
        String renewed = given().header("Authorization", ageing)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + id + "/heartbeat")
                .then()
                .statusCode(200)
                .extract()
                .path("nodeToken");
        assertThat("Bearer " + renewed).isNotEqualTo(ageing);
        heartbeat(id, "Bearer " + renewed, 200);
    }

    @Test
    void forged_expired_and_wrongly_signed_tokens_are_refused_with_401() {
        String id = Api.joinRegular(1000, "isp-t", "DE");
        PrivateKey stranger = NodeTokenKey.generate().getPrivate();
        record Case(String name, String authorization) {}
        List<Case> cases = List.of(
                new Case(
                        "a node token signed by another key",
                        nodeToken(stranger, NodeTokens.ISSUER, id, Instant.now().plusSeconds(600))),
                new Case(
                        "an expired node token",
                        nodeToken(
                                key.privateKey(),
                                NodeTokens.ISSUER,
                                id,
                                Instant.now().minusSeconds(60))),
                new Case(
                        "a person's token signed by another key",
                        "Bearer "
                                + Jwt.subject("eve").groups(Set.of("operator")).sign(stranger)),
                new Case("not a JWT", "Bearer not-a-jwt"),
                new Case("a tampered node token", tampered(Credentials.asNode(id))));
        for (Case c : cases) {
            given().header("Authorization", c.authorization())
                    .contentType(ContentType.JSON)
                    .post("/v1/nodes/" + id + "/heartbeat")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"peerage\", error=\"invalid_token\""))
                    .body("detail", containsString("the bearer token was refused"));
        }
        // No token at all: 401 naming what is missing.
        given().header(Credentials.NONE, "")
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + id + "/heartbeat")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"peerage\""))
                .body("detail", containsString("needs a bearer token"));
    }

    @Test
    void a_token_verified_once_is_answered_from_memory_and_a_token_changed_by_one_byte_is_still_refused() {
        String id = Api.joinRegular(1000, "isp-t", "DE");
        String token = nodeTokens.issue(id).token();
        assertThat(verified.lookup(token, Instant.now())).isEmpty();
        heartbeat(id, "Bearer " + token, 200);
        assertThat(verified.lookup(token, Instant.now())).contains(new VerifiedNodeTokens.Claims(id, expiryOf(token)));

        // From memory: the same answer and the same identity as a full verification, and no verification at all.
        long hits = verified.hitCount();
        given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + id + "/heartbeat")
                .then()
                .statusCode(200)
                .body("nodeToken", equalTo(token));
        assertThat(verified.hitCount()).as("heartbeats answered from memory").isEqualTo(hits + 1);
        String metrics = given().header("Authorization", Credentials.asRole(Roles.OPERATOR))
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("peerage_nodes_verified_tokens_total{result=\"hit\"} " + (double) verified.hitCount())
                .contains("peerage_nodes_verified_tokens_total{result=\"miss\"} " + (double) verified.missCount())
                .contains("peerage_nodes_verified_tokens_entries ");
        String other = Api.joinRegular(1000, "isp-t", "DE");
        given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + other + "/heartbeat")
                .then()
                .statusCode(403)
                .body("detail", containsString("this is the token of node '" + id + "': a node acts only as itself"));
        given().header("Authorization", "Bearer " + token)
                .get("/v1/policies")
                .then()
                .statusCode(403);

        int claims = token.indexOf('.') + 10;
        int signature = token.lastIndexOf('.') + 100;
        record Case(String name, String token) {}
        List<Case> cases = List.of(
                new Case("a byte of the header", replaceAt(token, 3)),
                new Case("a byte of the claims", replaceAt(token, claims)),
                new Case("a byte of the signature", replaceAt(token, signature)),
                new Case("a byte less", token.substring(0, token.length() - 2)),
                new Case("another node's claims", tampered("Bearer " + token).substring(7)));
        for (Case c : cases) {
            given().header("Authorization", "Bearer " + c.token())
                    .contentType(ContentType.JSON)
                    .post("/v1/nodes/" + id + "/heartbeat")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("detail", containsString("the bearer token was refused"));
            assertThat(verified.lookup(c.token(), Instant.now())).as(c.name()).isEmpty();
        }
        heartbeat(id, "Bearer " + token, 200);
    }

    @Test
    void a_node_that_left_is_refused_although_its_token_was_answered_from_memory() {
        String id = Api.joinRegular(1000, "isp-t", "DE");
        String token = Credentials.asNode(id);
        heartbeat(id, token, 200);
        heartbeat(id, token, 200);
        assertThat(verified.lookup(token.substring(7), Instant.now())).isPresent();

        given().header("Authorization", token).delete("/v1/nodes/" + id).then().statusCode(200);

        assertThat(verified.lookup(token.substring(7), Instant.now())).isEmpty();
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .post("/v1/nodes/" + id + "/heartbeat")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/node-offline"))
                .body("detail", equalTo("node '" + id + "' has left the swarm. Maybe join it again first?"));
        given().header("Authorization", token)
                .put("/v1/nodes/" + id + "/holdings/any-content")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://peerage.io/problems/node-offline"));
    }

    @Test
    void tokens_of_people_are_never_kept() {
        String person = Credentials.asRole(Roles.AUDITOR);
        given().header("Authorization", person).get("/v1/policies").then().statusCode(200);
        given().header("Authorization", person).get("/v1/policies").then().statusCode(200);

        assertThat(verified.lookup(person.substring(7), Instant.now())).isEmpty();
    }

    private static Instant expiryOf(String token) {
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        java.util.regex.Matcher exp =
                java.util.regex.Pattern.compile("\"exp\":(\\d+)").matcher(claims);
        assertThat(exp.find()).isTrue();
        return Instant.ofEpochSecond(Long.parseLong(exp.group(1)));
    }

    private static String replaceAt(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'A' ? 'B' : 'A') + token.substring(index + 1);
    }

    private static String tampered(String authorization) {
        String[] parts = authorization.substring(7).split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"");
        return "Bearer " + parts[0] + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
    }

    @Test
    void each_node_scoped_call_refuses_another_nodes_token_and_no_token() {
        String cdn = Api.joinCdn(1_000_000);
        String content = Api.declareLive(1000);
        Api.hold(cdn, content);
        String alice = Api.joinRegular(4000, "isp-t", "DE");
        String bob = Api.joinRegular(4000, "isp-t", "DE");
        String allocation =
                Api.allocate(alice, content).statusCode(201).extract().path("allocationId");
        String bobs = Credentials.asNode(bob);
        record Call(String method, String path, Map<String, Object> body) {}
        List<Call> calls = List.of(
                new Call("GET", "/v1/nodes/" + alice, null),
                new Call("POST", "/v1/nodes/" + alice + "/heartbeat", null),
                new Call("PUT", "/v1/nodes/" + alice + "/holdings/" + content, null),
                new Call("DELETE", "/v1/nodes/" + alice + "/holdings/" + content, null),
                new Call("POST", "/v1/allocations", Map.of("nodeId", alice, "contentId", content)),
                new Call("GET", "/v1/allocations/" + allocation, null),
                new Call("DELETE", "/v1/allocations/" + allocation, null),
                new Call("DELETE", "/v1/nodes/" + alice, null),
                new Call(
                        "POST",
                        "/v1/nodes",
                        Map.of(
                                "id",
                                alice,
                                "kind",
                                "CLIENT",
                                "capabilities",
                                Api.capabilities(true, true, null),
                                "uplinkKbps",
                                100_000)));
        for (Call call : calls) {
            var request = call.body() == null
                    ? given().contentType(ContentType.JSON)
                    : given().contentType(ContentType.JSON).body(call.body());
            request.header("Authorization", bobs)
                    .request(call.method(), call.path())
                    .then()
                    .statusCode(403)
                    .body(
                            "detail",
                            containsString(
                                    call.path().equals("/v1/nodes")
                                            ? "only its own node token"
                                            : "a node acts only as itself"));
            var anonymous = call.body() == null
                    ? given().contentType(ContentType.JSON)
                    : given().contentType(ContentType.JSON).body(call.body());
            anonymous
                    .header(Credentials.NONE, "")
                    .request(call.method(), call.path())
                    .then()
                    .statusCode(401);
        }
        // Alice is untouched: still online, holding nothing changed, her allocation live.
        given().get("/v1/nodes/" + alice)
                .then()
                .statusCode(200)
                .body("online", equalTo(true))
                .body("uplinkKbps", equalTo(4000))
                .body("allocationsAsChild[0].allocationId", equalTo(allocation));
    }

    @Test
    void a_cdn_join_needs_an_operator_and_its_answer_carries_the_token_to_hand_over() {
        String id = Api.id("cdn");
        Map<String, Object> cdn = Map.of("id", id, "kind", "CDN", "uplinkKbps", 100_000_000);
        given().header(Credentials.NONE, "")
                .contentType(ContentType.JSON)
                .body(cdn)
                .post("/v1/nodes")
                .then()
                .statusCode(401);
        given().header("Authorization", Credentials.asNode(Api.joinRegular(1000, "isp-t", "DE")))
                .contentType(ContentType.JSON)
                .body(cdn)
                .post("/v1/nodes")
                .then()
                .statusCode(403)
                .body("detail", equalTo("joining a CDN or waypoint node needs the operator role"));
        given().header("Authorization", Credentials.asRole(Roles.AUDITOR))
                .contentType(ContentType.JSON)
                .body(cdn)
                .post("/v1/nodes")
                .then()
                .statusCode(403);
        String token = given().header("Authorization", Credentials.asRole(Roles.OPERATOR))
                .contentType(ContentType.JSON)
                .body(cdn)
                .post("/v1/nodes")
                .then()
                .statusCode(201)
                .extract()
                .path("nodeToken");
        heartbeat(id, "Bearer " + token, 200);
    }

    @Test
    void a_stale_token_does_not_refuse_an_open_join() {
        String id = Api.id("stale");
        given().header(
                        "Authorization",
                        nodeToken(
                                key.privateKey(),
                                NodeTokens.ISSUER,
                                id,
                                Instant.now().minusSeconds(60)))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        id,
                        "kind",
                        "CLIENT",
                        "capabilities",
                        Api.capabilities(true, true, null),
                        "uplinkKbps",
                        1000))
                .post("/v1/nodes")
                .then()
                .statusCode(201)
                .body("nodeToken", notNullValue());
    }

    @Test
    void the_generated_key_is_kept_in_the_database_so_tokens_survive_a_restart() {
        NodeTokenKey restarted = new NodeTokenKey(Optional.empty(), database);
        restarted.load();
        assertThat(restarted.privateKey().getEncoded())
                .isEqualTo(key.privateKey().getEncoded());
        String configured = Pem.privateKeyPem(NodeTokenKey.generate().getPrivate());
        NodeTokenKey fromSetting = new NodeTokenKey(Optional.of(configured), database);
        fromSetting.load();
        assertThat(Pem.privateKeyPem(fromSetting.privateKey())).isEqualTo(configured);
    }

    @Test
    void metrics_and_the_api_document_need_an_operator_and_health_needs_nobody() {
        given().header(Credentials.NONE, "").get("/q/health").then().statusCode(200);
        given().header(Credentials.NONE, "").get("/q/metrics").then().statusCode(401);
        given().header("Authorization", Credentials.asRole(Roles.AUDITOR))
                .get("/q/openapi")
                .then()
                .statusCode(403);
        given().header("Authorization", Credentials.asRole(Roles.OPERATOR))
                .get("/q/metrics")
                .then()
                .statusCode(200);
        given().header("Authorization", Credentials.asRole(Roles.OPERATOR))
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/v1/nodes"));
    }
}
