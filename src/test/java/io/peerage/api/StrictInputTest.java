package io.peerage.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.peerage.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input is read as docs/api.md says, never guessed: each case is a request that used to be coerced, accepted or
 * answered with 500, and the exact problem it gets now. None of them changes anything: the node it names never joins.
 */
@QuarkusTest
class StrictInputTest {

    static final String INVALID = "https://peerage.io/problems/invalid-request";
    static final String UNSUPPORTED = "https://peerage.io/problems/unsupported-media-type";

    /** A join that is valid but for what each case replaces in it. */
    static String join(String id, String kind, String acceptsIncoming, String uplink) {
        return """
                {"id": %s, "kind": %s, "implementation": "desktop-agent/5.0",
                 "capabilities": {"acceptsIncoming": %s, "initiatesConnections": true, "canForward": true},
                 "uplinkKbps": %s, "network": {"isp": "isp-s", "country": "DE", "natType": "FULL_CONE"}}""".formatted(id, kind, acceptsIncoming, uplink);
    }

    static Stream<Arguments> wrongJsonTypes() {
        return Stream.of(
                Arguments.of(
                        "a number for an enum is not its index",
                        join("\"strict-a\"", "1", "true", "1000"),
                        "kind",
                        "expected one of [CLIENT, CDN, WAYPOINT], not the number 1"),
                Arguments.of(
                        "a number for a boolean is not true",
                        join("\"strict-b\"", "\"CLIENT\"", "-7", "1000"),
                        "capabilities.acceptsIncoming",
                        "expected true or false, not the number -7"),
                Arguments.of(
                        "a string for a boolean is not parsed",
                        join("\"strict-c\"", "\"CLIENT\"", "\"true\"", "1000"),
                        "capabilities.acceptsIncoming",
                        "expected true or false, not the string \"true\""),
                Arguments.of(
                        "a boolean for a string is not its name",
                        join("true", "\"CLIENT\"", "true", "1000"),
                        "id",
                        "expected a string, not true"),
                Arguments.of(
                        "a number for a string is not its digits",
                        join("42", "\"CLIENT\"", "true", "1000"),
                        "id",
                        "expected a string, not the number 42"),
                Arguments.of(
                        "a string for a number is not parsed",
                        join("\"strict-d\"", "\"CLIENT\"", "true", "\"1000\""),
                        "uplinkKbps",
                        "expected a number, not the string \"1000\""),
                Arguments.of(
                        "a fraction for a whole number is not cut",
                        join("\"strict-e\"", "\"CLIENT\"", "true", "1000.5"),
                        "uplinkKbps",
                        "expected a number, not the number 1000.5"),
                Arguments.of(
                        "a key given twice is not the last one",
                        join("\"strict-f\"", "\"CLIENT\"", "true", "1000")
                                .replace("\"uplinkKbps\"", "\"kind\": \"CDN\", \"uplinkKbps\""),
                        "kind",
                        "is given more than once"),
                Arguments.of(
                        "a key given twice inside an object names its path",
                        join("\"strict-g\"", "\"CLIENT\"", "true, \"canForward\": false", "1000"),
                        "capabilities.canForward",
                        "is given more than once"),
                Arguments.of(
                        "the id '..' is not a path segment",
                        join("\"..\"", "\"CLIENT\"", "true", "1000"),
                        "id",
                        "must be 1 to 64 letters, digits, '.', '_', ':' or '-', and not '.' or '..'"),
                Arguments.of(
                        "the id '.' is not a path segment",
                        join("\".\"", "\"CLIENT\"", "true", "1000"),
                        "id",
                        "must be 1 to 64 letters, digits, '.', '_', ':' or '-', and not '.' or '..'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongJsonTypes")
    void a_join_with_a_wrong_value_is_refused_naming_the_field(String name, String body, String field, String message) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/nodes")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(INVALID))
                .body("title", equalTo("The request is invalid"))
                .body("errors.field", contains(field))
                .body("errors.message", contains(message));
        for (String id :
                new String[] {"strict-a", "strict-b", "strict-c", "strict-d", "strict-e", "strict-f", "strict-g"}) {
            given().get("/v1/nodes/" + id).then().statusCode(404);
        }
        given().get("/v1/nodes/true").then().statusCode(404);
        given().get("/v1/nodes/42").then().statusCode(404);
    }

    @Test
    void a_body_without_a_content_type_is_refused_with_415_and_nothing_joins() throws Exception {
        // REST Assured always names a type; the JDK's client sends none unless told.
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/nodes"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        join("\"strict-no-type\"", "\"CLIENT\"", "true", "1000")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getString("type")).isEqualTo(UNSUPPORTED);
        assertThat(problem.getString("title")).isEqualTo("Unsupported media type");
        assertThat(problem.getList("errors.field")).containsExactly("Content-Type");
        assertThat(problem.getList("errors.message"))
                .containsExactly("is missing: a body must say what it is (application/json; text/plain for a policy"
                        + " file's text)");
        given().get("/v1/nodes/strict-no-type").then().statusCode(404);
    }

    @Test
    void a_body_of_another_type_is_refused_with_415_naming_what_was_sent() {
        given().contentType("text/plain")
                .body(join("\"strict-text\"", "\"CLIENT\"", "true", "1000"))
                .post("/v1/nodes")
                .then()
                .statusCode(415)
                .body("type", equalTo(UNSUPPORTED))
                .body("errors.field", contains("Content-Type"))
                .body(
                        "errors.message",
                        contains("'text/plain; charset=ISO-8859-1' is not what this endpoint reads: application/json"
                                + " (text/plain for a policy file's text)"));
        given().get("/v1/nodes/strict-text").then().statusCode(404);
    }

    @Test
    void a_call_without_a_body_needs_no_content_type() {
        String cdn = Api.joinCdn(10_000);
        String content = Api.declareLive(500);
        RequestSpecification noBody = given();
        noBody.put("/v1/nodes/" + cdn + "/holdings/" + content).then().statusCode(204);
    }

    @Test
    void a_content_path_of_dots_is_not_an_id() {
        given().contentType(ContentType.JSON)
                .body("{\"kind\": \"LIVE\", \"bitrateKbps\": 500}")
                .put("/v1/contents/..%2E")
                .then()
                .statusCode(400)
                .body("type", equalTo(INVALID));
    }

    static Stream<Arguments> emptyPolicyBodies() {
        return Stream.of(
                Arguments.of("/v1/policies/validate", "{}"),
                Arguments.of("/v1/policies/dry-run", "{}"),
                Arguments.of("/v1/policies/validate", "{\"files\": null}"),
                Arguments.of("/v1/policies/dry-run", "{\"files\": null, \"sample\": 5}"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("emptyPolicyBodies")
    void a_policy_check_without_files_names_the_field(String path, String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(400)
                .body("type", equalTo(INVALID))
                .body("errors.field", contains("files"))
                .body("errors.message", contains("must not be null"));
    }

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of(
                        "/v1/decisions?page=2147483647&size=200",
                        "page",
                        "must be between 0 and 10737417, not 2147483647"),
                Arguments.of(
                        "/v1/decisions?page=99999999999999999999",
                        "page",
                        "must be between 0 and 42949671, not 99999999999999999999"),
                Arguments.of("/v1/decisions?size=1e3", "size", "'1e3' is not a whole number"),
                Arguments.of(
                        "/v1/policies/versions?page=1073741824&size=2",
                        "page",
                        "must be between 0 and 1073741822, not 1073741824"),
                Arguments.of("/v1/policies/versions?page=abc", "page", "'abc' is not a whole number"),
                Arguments.of("/v1/policies/versions?size=0", "size", "must be between 1 and 200, not 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void a_page_whose_offset_would_overflow_is_refused_naming_it(String url, String field, String message) {
        given().get(url)
                .then()
                .statusCode(400)
                .body("type", equalTo(INVALID))
                .body("errors.field", contains(field))
                .body("errors.message", contains(message));
    }

    @Test
    void the_last_page_that_fits_is_answered() {
        given().get("/v1/decisions?page=10737417&size=200")
                .then()
                .statusCode(200)
                .body("page", equalTo(10737417));
    }
}
