package io.peerage.api;

import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinRegular;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentAllocationTest {

    @Test
    void many_parallel_allocations_against_one_parent_never_exceed_its_uplink() throws Exception {
        String content = declareLive(300);
        String parent = joinRegular(3000, "isp-k", "DK");
        hold(parent, content);
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            children.add(joinRegular(100, "isp-k", "DK"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (String child : children) {
                Callable<Response> request = () -> given().contentType("application/json")
                        .body(Map.of("nodeId", child, "contentId", content, "maxParents", 1))
                        .post("/v1/allocations");
                answers.add(pool.submit(request));
            }
            int allocated = 0;
            long reservedByAnswers = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.statusCode()).isIn(201, 422);
                if (response.statusCode() == 201) {
                    allocated++;
                    reservedByAnswers += response.jsonPath().getLong("coveredKbps");
                } else {
                    assertThat(response.jsonPath().getString("detail"))
                            .contains("not enough spare uplink (FEASIBILITY)");
                }
            }
            // 3000 kbps of uplink, 300 kbps per child: exactly ten children can be served.
            assertThat(allocated).isEqualTo(10);
            assertThat(reservedByAnswers).isEqualTo(3000);
        } finally {
            pool.shutdownNow();
        }
        Response node = given().get("/v1/nodes/" + parent);
        assertThat(node.jsonPath().getLong("reservedUplinkKbps")).isEqualTo(3000);
        assertThat(node.jsonPath().getLong("spareUplinkKbps")).isZero();
        assertThat(node.jsonPath().getList("allocationsAsParent")).hasSize(10);
    }
}
