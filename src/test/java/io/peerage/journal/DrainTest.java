package io.peerage.journal;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The first step of a graceful shutdown, as Quarkus fires it when its shutdown delay begins: readiness goes DOWN at
 * once while requests are still served. In an application of its own, which stops (and drains) after this test.
 */
@QuarkusTest
@TestProfile(DrainTest.Draining.class)
class DrainTest {

    /** No settings of its own: only an application that no other test shares. */
    public static final class Draining implements QuarkusTestProfile {}

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;

    @Test
    void when_the_shutdown_delay_begins_readiness_goes_down_and_changes_are_still_served() {
        String content = declareLive(500);
        String parent = joinRegular(1000, "isp-drain", "FR");
        hold(parent, content);
        given().get("/q/health/ready").then().statusCode(200);

        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'journal' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'journal' }.data.phase", equalTo("DRAINING"))
                .body("checks.find { it.name == 'journal' }.data.reason", equalTo("the service is draining"));
        given().get("/q/health/live").then().statusCode(200);
        allocate(joinRegular(500, "isp-drain", "FR"), content).statusCode(201);
    }
}
