package io.peerage.api.heartbeat;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.support.Credentials;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat route answers exactly as the REST resource does, and leaves to the resource every request it does not
 * serve, with its body: the resource's answers to those are asserted in full.
 */
@QuarkusTest
class HeartbeatRouteTest {

    @Inject
    HeartbeatRoute route;

    @Inject
    MeterRegistry meters;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void routeOn() {
        route.enable(true);
    }

    private double served(String by) {
        return meters.get("peerage.heartbeats.served").tag("by", by).counter().count();
    }

    private static RequestSpecification as(String bearer) {
        return given().header("Authorization", bearer);
    }

    private static ValidatableResponse beat(String node, String bearer, String body) {
        RequestSpecification request = as(bearer);
        if (body == null) {
            request = request.noContentType();
        } else {
            request = request.contentType("application/json").body(body);
        }
        return request.when().post("/v1/nodes/" + node + "/heartbeat").then();
    }

    /** A node token the service has verified once (through the resource), so that the route may serve it. */
    private String verifiedToken(String node) {
        String bearer = Credentials.asNode(node);
        double before = served("resource");
        beat(node, bearer, null).statusCode(200);
        assertThat(served("resource"))
                .as("a token seen first goes to the resource")
                .isEqualTo(before + 1);
        return bearer;
    }

    /** Sends one heartbeat served by the route, and one like it with the route off: both answers, as sent. */
    private String[] bothWays(Supplier<ValidatableResponse> viaRoute, Supplier<ValidatableResponse> viaResource) {
        double routeBefore = served("route");
        ValidatableResponse first = viaRoute.get().statusCode(200);
        assertThat(served("route")).as("served by the route").isEqualTo(routeBefore + 1);
        route.enable(false);
        double resourceBefore = served("resource");
        ValidatableResponse second = viaResource.get().statusCode(200);
        assertThat(served("resource")).as("served by the resource").isEqualTo(resourceBefore + 1);
        route.enable(true);
        assertThat(first.extract().contentType()).isEqualTo(second.extract().contentType());
        return new String[] {first.extract().asString(), second.extract().asString()};
    }

    @Test
    void the_route_answers_byte_for_byte_as_the_resource() {
        String content = declareLive(1000);
        String parent = joinRegular(3000, "isp-route", "CZ");
        hold(parent, content);
        String child = joinRegular(1000, "isp-route", "CZ");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        String childToken = verifiedToken(child);
        String parentToken = verifiedToken(parent);

        String[] noBody = bothWays(() -> beat(child, childToken, null), () -> beat(child, childToken, null));
        assertThat(noBody[0]).isEqualTo(noBody[1]).contains("\"allocationsAsChild\":[\"" + allocationId + "\"]");

        String[] empty = bothWays(() -> beat(child, childToken, "{}"), () -> beat(child, childToken, "{}"));
        assertThat(empty[0]).isEqualTo(empty[1]);

        String[] full = bothWays(
                () -> beat(child, childToken, report(allocationId, parent, 10, "stale")),
                () -> beat(child, childToken, report(allocationId, parent, 11, "stale")));
        assertThat(full[0])
                .isEqualTo(full[1])
                .contains("\"assignments\":{\"asChild\":[{\"allocationId\":\"" + allocationId + "\"");

        String[] replayed = bothWays(
                () -> beat(child, childToken, report(allocationId, parent, 3, null)),
                () -> beat(child, childToken, report(allocationId, parent, 3, null)));
        assertThat(replayed[0]).isEqualTo(replayed[1]).contains("\"replayed\":true");

        String[] asParent = bothWays(
                () -> beat(parent, parentToken, "{\"seenEpoch\":\"stale\",\"cpuLoad\":0.25}"),
                () -> beat(parent, parentToken, "{\"seenEpoch\":\"stale\",\"cpuLoad\":0.25}"));
        assertThat(asParent[0])
                .isEqualTo(asParent[1])
                .contains("\"asParent\":[{\"allocationId\":\"" + allocationId + "\"");

        // What the route recorded is what the resource records: the last report, read back.
        beat(child, childToken, report(allocationId, parent, 20, null)).statusCode(200);
        given().get("/v1/nodes/" + child)
                .then()
                .body("lastReport.receiving.rateKbps", contains(800))
                .body("lastReport.cpuLoad", equalTo(0.5f))
                .body("lastReport.receiving.bytes", contains(4096))
                .body("lastReport.freeStorageMb", equalTo(100));
    }

    private static String report(String allocationId, String parent, long sequence, String seenEpoch) {
        return "{\"sequence\":" + sequence + (seenEpoch == null ? "" : ",\"seenEpoch\":\"" + seenEpoch + "\"")
                + ",\"uplinkUsedKbps\":0,\"receiving\":[{\"allocationId\":\"" + allocationId + "\",\"parentId\":\""
                + parent + "\",\"rateKbps\":800,\"bytes\":4096,\"position\":12}],\"sending\":[],\"cpuLoad\":0.5,"
                + "\"freeStorageMb\":100,\"holdings\":[]}";
    }

    @Test
    void a_report_the_route_refuses_reaches_the_resource_with_its_body_and_is_named_field_by_field() {
        String node = joinRegular(1000, "isp-route", "CZ");
        String token = verifiedToken(node);
        double routeBefore = served("route");
        double resourceBefore = served("resource");

        beat(node, token, "{\"cpuLoad\":2,\"sequence\":-1}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body(
                        "detail",
                        equalTo("cpuLoad: must be less than or equal to 1;"
                                + " sequence: must be greater than or equal to 0"))
                .body("errors.field", contains("cpuLoad", "sequence"))
                .body("instance", equalTo("/v1/nodes/" + node + "/heartbeat"));

        beat(
                        node,
                        token,
                        "{\"receiving\":[{\"allocationId\":\"a-1\",\"parentId\":\"p-1\",\"rateKbps\":1},"
                                + "{\"allocationId\":\"a-1\",\"parentId\":\"p-1\",\"rateKbps\":2}]}")
                .statusCode(400)
                .body(
                        "detail",
                        equalTo("receiving[1]: repeats the allocation and parent of receiving[0]:"
                                + " report each parent once"));

        beat(node, token, "{\"cpuLoad\":0.5,\"cpuLoad\":0.6}")
                .statusCode(400)
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body("errors.field", contains("cpuLoad"));

        // Column 20 is the end of these very bytes: the resource read the body the route had read.
        beat(node, token, "{\"uplinkUsedKbps\": ")
                .statusCode(400)
                .body("type", equalTo("https://peerage.io/problems/malformed-json"))
                .body(
                        "detail",
                        equalTo("the body is not well-formed JSON at line 1, column 20:"
                                + " Unexpected end-of-input within/between Object entries"));

        assertThat(served("route")).isEqualTo(routeBefore);
        assertThat(served("resource")).isEqualTo(resourceBefore + 4);
        // None of them was recorded.
        given().get("/v1/nodes/" + node).then().body("lastReport.cpuLoad", equalTo(null));
    }

    @Test
    void another_nodes_verified_token_is_refused_by_the_resource() {
        String node = joinRegular(1000, "isp-route", "CZ");
        String other = joinRegular(1000, "isp-route", "CZ");
        String otherToken = verifiedToken(other);

        beat(node, otherToken, "{}")
                .statusCode(403)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("this is the token of node '" + other + "': a node acts only as itself," + " and node '"
                                + node + "' is not its own"));
    }

    @Test
    void headers_the_route_does_not_read_leave_the_request_to_the_resource() {
        String node = joinRegular(1000, "isp-route", "CZ");
        String token = verifiedToken(node);
        double routeBefore = served("route");

        as(token)
                .accept("text/html")
                .contentType("application/json")
                .body("{}")
                .post("/v1/nodes/" + node + "/heartbeat")
                .then()
                .statusCode(406);
        as(token)
                .contentType("text/plain")
                .body("{}")
                .post("/v1/nodes/" + node + "/heartbeat")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        as(token)
                .header("Expect", "100-continue")
                .contentType("application/json")
                .body("{\"cpuLoad\":0.75}")
                .post("/v1/nodes/" + node + "/heartbeat")
                .then()
                .statusCode(200);
        given().get("/v1/nodes/" + node).then().body("lastReport.cpuLoad", equalTo(0.75f));
        as("Bearer " + token.substring("Bearer ".length()) + " extra")
                .noContentType()
                .post("/v1/nodes/" + node + "/heartbeat")
                .then()
                .statusCode(401);

        assertThat(served("route")).isEqualTo(routeBefore);
    }

    @Test
    void a_chunked_body_goes_to_the_resource_and_is_read_there() throws Exception {
        String node = joinRegular(1000, "isp-route", "CZ");
        String token = verifiedToken(node);
        double resourceBefore = served("resource");
        byte[] body = "{\"cpuLoad\":0.125}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/nodes/" + node + "/heartbeat"))
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                // An input stream of unknown length is sent chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(served("resource")).isEqualTo(resourceBefore + 1);
        given().get("/v1/nodes/" + node).then().body("lastReport.cpuLoad", equalTo(0.125f));
    }

    @Test
    void a_body_sent_over_http2_goes_to_the_resource_and_is_read_there() throws Exception {
        String node = joinRegular(1000, "isp-route", "CZ");
        String token = verifiedToken(node);
        HttpClient http2 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The first request on a connection upgrades it to HTTP/2 (h2c); the next ones are HTTP/2 streams.
        for (int i = 0; i < 2; i++) {
            http2.send(post(node, token, "{}"), HttpResponse.BodyHandlers.ofString());
        }
        double resourceBefore = served("resource");

        HttpResponse<String> invalid =
                http2.send(post(node, token, "{\"cpuLoad\":-1}"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> valid =
                http2.send(post(node, token, "{\"cpuLoad\":0.375}"), HttpResponse.BodyHandlers.ofString());

        assertThat(invalid.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"detail\":\"cpuLoad: must be greater than or equal to 0\"");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(served("resource")).isEqualTo(resourceBefore + 2);
        given().get("/v1/nodes/" + node).then().body("lastReport.cpuLoad", equalTo(0.375f));
    }

    private HttpRequest post(String node, String bearer, String body) {
        return HttpRequest.newBuilder(base.resolve("/v1/nodes/" + node + "/heartbeat"))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void heartbeats_the_route_serves_are_measured_under_the_resources_path_template() {
        String node = joinRegular(1000, "isp-route", "CZ");
        String token = verifiedToken(node);
        double routeBefore = served("route");
        beat(node, token, "{}").statusCode(200);
        assertThat(served("route")).isEqualTo(routeBefore + 1);

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")))
                .anyMatch(line -> line.contains("uri=\"/v1/nodes/{id}/heartbeat\""))
                .noneMatch(line -> line.contains(node))
                .noneMatch(line -> line.contains(":id"));
        assertThat(metrics).contains("peerage_heartbeats_served_total{by=\"route\"}");
    }
}
