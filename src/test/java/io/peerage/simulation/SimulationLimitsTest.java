package io.peerage.simulation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.budget.HeavyWork;
import io.peerage.support.Credentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulations through the API: too large is refused before it starts, and a client that goes away stops its run. */
@QuarkusTest
class SimulationLimitsTest {

    @Inject
    HeavyWork heavyWork;

    final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Test
    void a_week_of_heavy_churn_is_refused_before_it_starts_naming_the_limit_and_its_work() throws Exception {
        Scenario week = SimulationBudgetTest.withChurn(SimulationTest.live(20_000, 0), 7 * 24 * 3600, 100.0);
        long doneBefore = heavyWork.ended(HeavyWork.Outcome.DONE);

        given().contentType(ContentType.JSON)
                .body(json.writeValueAsString(Map.of("scenario", week)))
                .post("/v1/simulations")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/work-too-large"))
                .body("title", equalTo("The work is larger than this service runs"))
                .body("work", equalTo(1_344_080_004))
                .body("maxWork", equalTo(100_000))
                .body("setting", equalTo("peerage.simulation.max-work"))
                .body("errors.field", contains("scenario"))
                .body(
                        "errors.message",
                        contains("is 1344080004 viewer-events of work, above the limit of 100000"
                                + " (peerage.simulation.max-work)"))
                .body(
                        "detail",
                        equalTo("simulation 'small-live' would take 1344080004 viewer-events of work (2 runs x about"
                                + " 336020000 viewers drawn, replacements included), more than the 100000 this service"
                                + " runs (peerage.simulation.max-work). Maybe a shorter durationSeconds, fewer viewers"
                                + " or less churn, or run it with the simulation command?"));
        assertThat(heavyWork.running()).isZero();
        assertThat(heavyWork.ended(HeavyWork.Outcome.DONE)).isEqualTo(doneBefore);
    }

    @Test
    void a_run_whose_client_goes_away_stops_and_frees_its_slot() throws Exception {
        byte[] body = json.writeValueAsBytes(Map.of("scenario", SimulationTest.live(20_000, 0.4)));
        long cancelledBefore = heavyWork.ended(HeavyWork.Outcome.CANCELLED);
        long doneBefore = heavyWork.ended(HeavyWork.Outcome.DONE);
        URI base = URI.create(RestAssured.baseURI);

        try (Socket socket = new Socket(base.getHost(), RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/simulations HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json"
                            + "\r\nAuthorization: " + Credentials.asRole("policy-author")
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertThat(heavyWork.awaitRunning(1, Duration.ofSeconds(60)))
                    .as("the run started")
                    .isTrue();
        }

        assertThat(heavyWork.awaitIdle(Duration.ofSeconds(60)))
                .as("the run stopped")
                .isTrue();
        assertThat(heavyWork.ended(HeavyWork.Outcome.CANCELLED)).isEqualTo(cancelledBefore + 1);
        assertThat(heavyWork.ended(HeavyWork.Outcome.DONE))
                .as("it did not run to its end")
                .isEqualTo(doneBefore);
    }
}
