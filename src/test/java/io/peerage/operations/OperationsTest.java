package io.peerage.operations;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readiness_covers_the_database_the_policies_and_the_journal() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "policies", "journal"))
                .body("checks.find { it.name == 'policies' }.data.rules", equalTo(23))
                .body("checks.find { it.name == 'journal' }.data.capacity", equalTo(20000));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void allocations_are_counted_by_outcome_and_timed() {
        String content = declareLive(400);
        String parent = joinRegular(1000, "isp-m", "LU");
        hold(parent, content);
        allocate(joinRegular(100, "isp-m", "LU"), content).statusCode(201);
        allocate(joinRegular(100, "isp-m", "LU"), "missing-content").statusCode(404);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("peerage_allocations_total{outcome=\"allocated\"}"))
                .body(containsString("peerage_allocations_total{outcome=\"invalid\"}"))
                .body(containsString("peerage_allocation_duration_seconds_bucket"));
    }

    @Test
    void the_api_is_described_by_openapi() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("Peerage"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/allocations/{id}/explanation"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/why-not"));
    }
}
