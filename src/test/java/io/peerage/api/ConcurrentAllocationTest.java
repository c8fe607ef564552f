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

    @Test
    void parents_that_leave_while_children_ask_are_never_left_as_parents_of_a_live_allocation() throws Exception {
        String content = declareLive(500);
        List<String> parents = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String parent = joinRegular(2000, "isp-l", "DK");
            hold(parent, content);
            parents.add(parent);
        }
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            children.add(joinRegular(100, "isp-l", "DK"));
        }
        List<String> leaving = parents.subList(0, 8);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Response>> asks = new ArrayList<>();
        List<Future<Response>> leaves = new ArrayList<>();
        try {
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i);
                asks.add(pool.submit(() -> given().contentType("application/json")
                        .body(Map.of("nodeId", child, "contentId", content, "maxParents", 2))
                        .post("/v1/allocations")));
                if (i % 4 == 1 && i / 4 < leaving.size()) {
                    String parent = leaving.get(i / 4);
                    leaves.add(pool.submit(() -> given().delete("/v1/nodes/" + parent)));
                }
            }
            for (Future<Response> leave : leaves) {
                assertThat(leave.get().statusCode()).isEqualTo(200);
            }
            for (Future<Response> ask : asks) {
                assertThat(ask.get().statusCode()).isIn(201, 422);
            }
        } finally {
            pool.shutdownNow();
        }

        int live = 0;
        for (String child : children) {
            for (String id : given().get("/v1/nodes/" + child)
                    .jsonPath()
                    .getList("allocationsAsChild.allocationId", String.class)) {
                Response allocation = given().get("/v1/allocations/" + id);
                assertThat(allocation.jsonPath().getString("status")).isEqualTo("ACTIVE");
                assertThat(allocation.jsonPath().getList("parents.nodeId", String.class))
                        .as("parents of live allocation %s", id)
                        .doesNotContainAnyElementsOf(leaving);
                live++;
            }
        }
        assertThat(live).isPositive();
        for (String parent : leaving) {
            assertThat(given().get("/v1/nodes/" + parent).jsonPath().getList("allocationsAsParent"))
                    .isNullOrEmpty();
        }
    }
}
