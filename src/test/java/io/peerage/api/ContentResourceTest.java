package io.peerage.api;

import static io.peerage.support.Api.id;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContentResourceTest {

    @Test
    void declaring_a_content_is_201_then_changing_it_is_200() {
        String id = id("movie");
        given().contentType("application/json")
                .body(Map.of(
                        "kind",
                        "FILE",
                        "media",
                        "VIDEO",
                        "bitrateKbps",
                        4000,
                        "category",
                        "MOVIE",
                        "ageRating",
                        16,
                        "provider",
                        "studio",
                        "monetization",
                        "PREMIUM"))
                .put("/v1/contents/" + id)
                .then()
                .statusCode(201)
                .body("id", equalTo(id))
                .body("ageRating", equalTo(16));
        given().contentType("application/json")
                .body(Map.of("kind", "FILE", "media", "VIDEO", "bitrateKbps", 6000))
                .put("/v1/contents/" + id)
                .then()
                .statusCode(200)
                .body("bitrateKbps", equalTo(6000))
                .body("monetization", equalTo("FREE"))
                .body("category", equalTo("OTHER"));
        given().get("/v1/contents/" + id).then().statusCode(200).body("bitrateKbps", equalTo(6000));
    }

    @Test
    void a_content_needs_a_kind_a_media_and_a_positive_bitrate() {
        String id = id("broken");
        given().contentType("application/json")
                .body(Map.of("bitrateKbps", 0, "ageRating", 30))
                .put("/v1/contents/" + id)
                .then()
                .statusCode(400)
                .body("errors.field", contains("ageRating", "bitrateKbps", "kind", "media"))
                .body(
                        "errors.message",
                        contains(
                                "must be less than or equal to 21",
                                "must be greater than 0",
                                "must not be null",
                                "must not be null"));
        given().get("/v1/contents/" + id)
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-content"))
                .body("detail", equalTo("unknown content '" + id + "'"));
    }

    @Test
    void the_id_in_the_body_must_match_the_path() {
        given().contentType("application/json")
                .body(Map.of("id", "other", "kind", "LIVE", "media", "AUDIO", "bitrateKbps", 128))
                .put("/v1/contents/radio-1")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("id"))
                .body("errors[0].message", equalTo("is 'other' in the body but 'radio-1' in the path"));
    }
}
