package io.peerage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SimulationResourceTest {

    private static Map<String, Object> scenario(int viewers) {
        return Map.of(
                "name",
                "small-match",
                "durationSeconds",
                600,
                "content",
                Map.of("kind", "LIVE", "bitrateKbps", 2000, "provider", "sportsnet"),
                "viewers",
                viewers,
                "arrivalSeconds",
                60,
                "failuresPerViewerHour",
                1.0,
                "isps",
                List.of(
                        Map.of("name", "Alpha", "country", "GB", "share", 0.5),
                        Map.of("name", "Beta", "country", "GB", "share", 0.5)),
                "natTypes",
                Map.of("FULL_CONE", 0.7, "SYMMETRIC", 0.3),
                "uplink",
                Map.of("medianToBitrate", 1.5));
    }

    @Test
    void a_scenario_is_simulated_under_the_active_and_the_proposed_policies_and_a_tracker() throws IOException {
        String compatibility = Files.readString(Path.of("rules/compatibility.drl"));

        given().contentType("application/json")
                .body(Map.of("scenario", scenario(80), "seed", 4, "files", Map.of("compatibility.drl", compatibility)))
                .post("/v1/simulations")
                .then()
                .statusCode(200)
                .body("scenario", equalTo("small-match"))
                .body("seed", equalTo(4))
                .body("runs.allocator", contains("peerage", "baseline-tracker", "peerage-proposed"))
                .body("runs[0].hardViolations", equalTo(0))
                .body("runs[2].hardViolations", equalTo(0))
                .body("targets.name", hasItem("hard violations"));
    }

    @Test
    void a_wrong_scenario_is_a_400_naming_the_field() {
        given().contentType("application/json")
                .body(Map.of("scenario", scenario(0)))
                .post("/v1/simulations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("scenario.viewers"))
                .body("errors[0].message", containsString("between 1 and"));
    }

    @Test
    void an_unknown_scenario_field_is_a_400_naming_it() {
        given().contentType("application/json")
                .body(Map.of("scenario", Map.of("name", "x", "viewerz", 3)))
                .post("/v1/simulations")
                .then()
                .statusCode(400)
                .body("errors.field", contains("scenario.viewerz"));
    }
}
