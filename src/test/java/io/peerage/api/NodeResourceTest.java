package io.peerage.api;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.capabilities;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.id;
import static io.peerage.support.Api.join;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinRegular;
import static io.peerage.support.Api.network;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NodeResourceTest {

    private static Map<String, Object> client(String id, String implementation, Map<String, Object> capabilities) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("kind", "CLIENT");
        body.put("implementation", implementation);
        body.put("capabilities", capabilities);
        body.put("uplinkKbps", 2000);
        body.put("network", network("isp-n", "NL", "amsterdam"));
        return body;
    }

    @Test
    void a_capable_desktop_agent_joins_as_a_regular_peer() {
        String id = id("desk");
        join(client(id, "desktop-agent/5.0", capabilities(true, true, null)))
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/nodes/" + id))
                .body("id", equalTo(id))
                .body("peerType", equalTo("REGULAR"))
                .body("classificationReasons", empty())
                .body("subscription", equalTo("STANDARD"))
                .body("device", equalTo("DESKTOP"))
                .body("spareUplinkKbps", equalTo(2000));
    }

    @Test
    void a_browser_player_is_lightweight_by_its_implementation_even_with_full_capabilities() {
        join(client(id("web"), "browser-webrtc/2.1", capabilities(true, true, null)))
                .statusCode(201)
                .body("peerType", equalTo("LIGHTWEIGHT"))
                .body("classificationReasons.code", contains("no-install-player"))
                .body("classificationReasons.rule", contains("A no-install player is lightweight"))
                .body(
                        "classificationReasons.message",
                        contains("implementation browser-webrtc is a no-install player"));
    }

    @Test
    void each_missing_capability_is_a_reason_of_its_own() {
        join(client(id("nat"), "desktop-agent/5.0", capabilities(false, false, List.of("CDN"))))
                .statusCode(201)
                .body("peerType", equalTo("LIGHTWEIGHT"))
                .body(
                        "classificationReasons.message",
                        contains(
                                "cannot accept incoming connections",
                                "receives only from an access list",
                                "cannot forward content"));
    }

    @Test
    void cdn_and_waypoint_nodes_are_regular_whatever_they_declare() {
        Map<String, Object> waypoint = client(id("wp"), "browser-webrtc/1.0", capabilities(false, true, null));
        waypoint.put("kind", "WAYPOINT");
        join(waypoint).statusCode(201).body("peerType", equalTo("REGULAR")).body("device", equalTo("SERVER"));
    }

    @Test
    void joining_again_with_the_same_id_updates_the_node() {
        String id = id("again");
        join(client(id, "desktop-agent/5.0", capabilities(true, true, null))).statusCode(201);
        join(client(id, "browser-webrtc/3.0", capabilities(true, true, null)))
                .statusCode(200)
                .body("implementation", equalTo("browser-webrtc/3.0"))
                .body("peerType", equalTo("LIGHTWEIGHT"));
    }

    @Test
    void a_node_without_an_id_gets_one() {
        Map<String, Object> body = client(null, "desktop-agent/5.0", capabilities(true, true, null));
        body.remove("id");
        join(body).statusCode(201).body("id", notNullValue());
    }

    @Test
    void invalid_fields_are_each_named_and_nothing_is_created() {
        String id = id("bad");
        Map<String, Object> body = client(id, "desktop-agent/5.0", capabilities(true, true, null));
        body.put("uplinkKbps", -5);
        body.put("network", Map.of("country", "Germany", "latitude", 95));
        join(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/invalid-request"))
                .body("title", equalTo("The request is invalid"))
                .body("errors.field", contains("network.country", "network.latitude", "uplinkKbps"))
                .body(
                        "errors.message",
                        contains(
                                "must be an ISO 3166-1 alpha-2 country code in upper case, such as DE",
                                "must be less than or equal to 90",
                                "must be greater than or equal to 0"));
        given().get("/v1/nodes/" + id).then().statusCode(404);
    }

    @Test
    void a_client_must_declare_its_capabilities() {
        Map<String, Object> body = client(id("nocap"), "desktop-agent/5.0", null);
        body.remove("capabilities");
        join(body)
                .statusCode(400)
                .body("errors[0].field", equalTo("capabilities"))
                .body(
                        "errors[0].message",
                        equalTo(
                                "is required for CLIENT nodes: declare acceptsIncoming, initiatesConnections and canForward"));
    }

    @Test
    void an_unknown_kind_an_unknown_field_and_malformed_json_are_named() {
        join(Map.of("kind", "ROUTER", "uplinkKbps", 1))
                .statusCode(400)
                .body("errors[0].field", equalTo("kind"))
                .body("errors[0].message", equalTo("'ROUTER' is not one of [CLIENT, CDN, WAYPOINT]"));
        join(Map.of("kind", "CDN", "uplinkKbps", 1, "colour", "blue"))
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"))
                .body(
                        "errors[0].message",
                        org.hamcrest.Matchers.startsWith(
                                "is not a known field; known fields here"
                                        + " are affinityGroups, capabilities, device, downlinkKbps, id, implementation, kind,"));
        given().contentType("application/json")
                .body("{\"kind\": \"CDN\",")
                .when()
                .post("/v1/nodes")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/malformed-json"))
                .body("detail", org.hamcrest.Matchers.startsWith("the body is not well-formed JSON at line 1"));
        given().contentType("application/json")
                .when()
                .post("/v1/nodes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("must not be null"));
    }

    @Test
    void a_node_shows_its_holdings_and_allocations_and_leaving_ends_them() {
        String content = declareLive(1000);
        String parent = joinRegular(3000, "isp-l", "BE");
        hold(parent, content);
        String child = joinRegular(1000, "isp-l", "BE");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");

        given().get("/v1/nodes/" + parent)
                .then()
                .body("holdings.contentId", contains(content))
                .body("holdings[0].fraction", equalTo(1.0f))
                .body("allocationsAsParent.allocationId", contains(allocationId));
        given().get("/v1/nodes/" + child).then().body("allocationsAsChild.allocationId", contains(allocationId));

        given().delete("/v1/nodes/" + parent)
                .then()
                .statusCode(200)
                .body("nodeId", equalTo(parent))
                .body("endedAsChild", empty())
                // What it served is repaired, not ended: the child keeps its allocation, without this parent.
                .body("endedAsParent", empty());
        given().get("/v1/allocations/" + allocationId)
                .then()
                .body("status", equalTo("ACTIVE"))
                .body("revision", equalTo(1))
                .body("parents.nodeId", not(hasItem(parent)));
        given().get("/v1/allocations/" + allocationId + "/explanation").then().body("trigger", equalTo("PARENT_LEFT"));
        given().get("/v1/nodes/" + parent)
                .then()
                .statusCode(200)
                .body("online", equalTo(false))
                .body("leftAt", notNullValue())
                .body("holdings", empty());
        given().get("/v1/nodes/" + child)
                .then()
                .body("allocationsAsChild.allocationId", contains(allocationId))
                .body("allocationsAsChild[0].parents", empty());
        given().put("/v1/nodes/" + parent + "/holdings/" + content)
                .then()
                .statusCode(409)
                .body("type", equalTo("https://peerage.io/problems/node-offline"))
                .body("detail", equalTo("node '" + parent + "' has left the swarm. Maybe join it again first?"));
    }

    @Test
    void holdings_need_a_known_node_and_content_and_a_fraction_between_0_and_1() {
        String node = joinCdn(10_000);
        String content = declareLive(500);
        given().put("/v1/nodes/" + node + "/holdings/nothing-like-this")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-content"));
        given().put("/v1/nodes/nobody/holdings/" + content)
                .then()
                .statusCode(404)
                .body("type", equalTo("https://peerage.io/problems/unknown-node"));
        given().contentType("application/json")
                .body(Map.of("fraction", 1.5))
                .put("/v1/nodes/" + node + "/holdings/" + content)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("fraction"))
                .body("errors[0].message", equalTo("must be less than or equal to 1"));
        given().get("/v1/nodes/" + node).then().body("holdings", empty());

        given().contentType("application/json")
                .body(Map.of("fraction", 0.25))
                .put("/v1/nodes/" + node + "/holdings/" + content)
                .then()
                .statusCode(204);
        given().get("/v1/nodes/" + node).then().body("holdings[0].fraction", equalTo(0.25f));
        given().delete("/v1/nodes/" + node + "/holdings/" + content).then().statusCode(204);
        given().get("/v1/nodes/" + node).then().body("holdings", empty());
    }

    @Test
    void an_unknown_node_is_a_404_problem() {
        given().get("/v1/nodes/never-joined")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/unknown-node"))
                .body("title", equalTo("No such node"))
                .body("detail", equalTo("unknown node 'never-joined'"))
                .body("instance", equalTo("/v1/nodes/never-joined"))
                .body("errors", nullValue());
        given().delete("/v1/nodes/never-joined").then().statusCode(404);
    }

    @Test
    void unknown_paths_and_methods_answer_problems_too() {
        given().get("/v1/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/not-found"));
        given().patch("/v1/nodes/x")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peerage.io/problems/method-not-allowed"));
        given().contentType("text/plain")
                .body("hello")
                .post("/v1/nodes")
                .then()
                .statusCode(415)
                .body("type", equalTo("https://peerage.io/problems/unsupported-media-type"));
    }
}
