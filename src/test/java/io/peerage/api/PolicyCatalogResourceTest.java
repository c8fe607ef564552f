package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.capabilities;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.id;
import static io.peerage.support.Api.join;
import static io.peerage.support.Api.joinRegular;
import static io.peerage.support.Api.network;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.peerage.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped policy catalog end to end: the rules of {@code rules/} with {@code rules/settings.json}. */
@QuarkusTest
class PolicyCatalogResourceTest {

    @Inject
    TestClock clock;

    private static String declare(String provider, int ageRating) {
        String content = id("catalog");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "kind",
                        "LIVE",
                        "media",
                        "VIDEO",
                        "bitrateKbps",
                        500,
                        "provider",
                        provider,
                        "category",
                        "SPORTS",
                        "ageRating",
                        ageRating))
                .when()
                .put("/v1/contents/" + content)
                .then()
                .statusCode(201);
        return content;
    }

    private static Map<String, Object> client(String id, String country) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("kind", "CLIENT");
        body.put("implementation", "desktop-agent/5.0");
        body.put("capabilities", capabilities(true, true, null));
        body.put("uplinkKbps", 2000);
        body.put("network", network("isp-cat", country, "capital"));
        return body;
    }

    @Test
    void geo_blocked_content_answers_422_naming_the_rule_and_the_country_and_the_decision_is_recorded() {
        String content = declare("sportsnet", 0);
        String parent = joinRegular(5000, "isp-cat", "CN");
        hold(parent, content);
        String child = joinRegular(1000, "isp-cat", "CN");

        String allocationId = allocate(child, content)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/no-eligible-parent"))
                .body(
                        "detail",
                        equalTo("request denied by rule \"Content is not served where it is not licensed\""
                                + " (PROVIDER, HARD): content " + content + " is not licensed in CN"))
                .extract()
                .path("allocationId");

        explanation(allocationId)
                .body("outcome", equalTo("NO_PARENT"))
                .body("denials.rule", contains("Content is not served where it is not licensed"))
                .body("denials.code", contains("geo-blocked"))
                .body("denials.message", contains("content " + content + " is not licensed in CN"));
        given().get("/v1/why-not?child=" + child + "&parent=" + parent)
                .then()
                .statusCode(200)
                .body("reasons.code", contains("geo-blocked"));
    }

    @Test
    void the_same_content_is_served_where_it_is_licensed() {
        String content = declare("sportsnet", 0);
        String parent = joinRegular(5000, "isp-cat", "DE");
        hold(parent, content);
        String child = joinRegular(1000, "isp-cat", "DE");

        String allocationId = allocate(child, content)
                .statusCode(201)
                .body("parents.nodeId", contains(parent))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body(
                        "candidates[0].preferences.code",
                        containsInAnyOrder("same-isp", "same-country", "same-region", "prefer-peers"));
    }

    @Test
    void a_node_joins_with_the_new_optional_fields_and_shows_them_back() {
        String id = id("office");
        Map<String, Object> body = client(id, "DE");
        body.put("timeZone", "Europe/Berlin");
        body.put("owner", "acme-corp");
        body.put("viewerAge", 34);
        body.put(
                "serving",
                Map.of(
                        "refusedCategories", List.of("GAMING"),
                        "quietHours", Map.of("from", "22:00", "to", "06:00"),
                        "servesDevices", List.of("DESKTOP", "LAPTOP"),
                        "servesStrangers", false));

        join(body)
                .statusCode(201)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("owner", equalTo("acme-corp"))
                .body("viewerAge", equalTo(34))
                .body("serving.refusedCategories", contains("GAMING"))
                .body("serving.quietHours.from", equalTo("22:00"))
                .body("serving.quietHours.to", equalTo("06:00"))
                .body("serving.servesDevices", contains("DESKTOP", "LAPTOP"))
                .body("serving.servesStrangers", equalTo(false));
        given().get("/v1/nodes/" + id)
                .then()
                .statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("serving.quietHours.from", equalTo("22:00"));
        given().delete("/v1/nodes/" + id).then().statusCode(200);
        given().get("/v1/nodes/" + id)
                .then()
                .statusCode(200)
                .body("online", equalTo(false))
                .body("owner", equalTo("acme-corp"))
                .body("serving.servesStrangers", equalTo(false));
    }

    @Test
    void an_old_style_join_without_them_still_works_with_the_defaults() {
        String id = joinRegular(1000, "isp-cat", "FR");

        given().get("/v1/nodes/" + id)
                .then()
                .statusCode(200)
                .body("timeZone", equalTo("UTC"))
                .body("owner", nullValue())
                .body("viewerAge", nullValue())
                .body("serving.refusedCategories", empty())
                .body("serving.quietHours", nullValue())
                .body("serving.servesDevices", nullValue())
                .body("serving.servesStrangers", equalTo(true));
    }

    @Test
    void invalid_new_fields_are_refused_naming_each_field() {
        Map<String, Object> body = client(id("bad"), "DE");
        body.put("timeZone", "Mars/Olympus");
        body.put("viewerAge", 140);
        body.put("owner", "");
        body.put("serving", Map.of("quietHours", Map.of("from", "25:00", "to", "9")));

        join(body)
                .statusCode(400)
                .body(
                        "errors.field",
                        contains("owner", "serving.quietHours.from", "serving.quietHours.to", "timeZone", "viewerAge"))
                .body(
                        "errors.message",
                        contains(
                                "size must be between 1 and 100",
                                "must be a time of day as HH:MM, from 00:00 to 23:59",
                                "must be a time of day as HH:MM, from 00:00 to 23:59",
                                "must be an IANA time zone id, such as Europe/Berlin or UTC",
                                "must be less than or equal to 130"));

        Map<String, Object> empty = client(id("bad"), "DE");
        empty.put("serving", Map.of("quietHours", Map.of("from", "09:00", "to", "09:00")));
        join(empty)
                .statusCode(400)
                .body("errors.field", contains("serving.quietHours.to"))
                .body(
                        "errors.message",
                        contains("must differ from 'from': to stop serving all day, set uplinkKbps to 0 instead"));
    }

    @Test
    void a_node_in_its_quiet_hours_is_not_a_parent_and_the_explanation_says_why() {
        String content = declare("acme", 0);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        var now = clock.instant().atZone(ZoneOffset.UTC);
        String quietId = id("quiet");
        Map<String, Object> quiet = client(quietId, "DE");
        quiet.put(
                "serving",
                Map.of(
                        "quietHours",
                        Map.of(
                                "from", now.minusHours(1).format(hhmm),
                                "to", now.plusHours(1).format(hhmm))));
        join(quiet).statusCode(201);
        String open = joinRegular(1000, "isp-other", "DE");
        hold(quietId, content);
        hold(open, content);
        String child = joinRegular(500, "isp-cat", "DE");

        String allocationId = allocate(child, content, 1)
                .statusCode(201)
                .body("parents.nodeId", contains(open))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body("candidates.find { it.nodeId == '" + quietId + "' }.verdict", equalTo("REJECTED"))
                .body(
                        "candidates.find { it.nodeId == '" + quietId + "' }.reasons.message",
                        contains(quietId + " does not serve during its quiet hours, "
                                + now.minusHours(1).format(hhmm) + "-"
                                + now.plusHours(1).format(hhmm) + " UTC"));
    }
}
