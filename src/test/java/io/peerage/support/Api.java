package io.peerage.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small vocabulary for tests: join a CDN node, a regular or a lightweight peer, declare a content, hold it, ask
 * for parents. Ids are unique per call so that tests sharing one service never see each other's nodes.
 */
public final class Api {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Api() {}

    /** A fresh id with a readable prefix, such as {@code cdn-7-1a2b}. */
    public static String id(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 4);
    }

    public static Map<String, Object> network(String isp, String country, String region) {
        return Map.of(
                "isp",
                isp,
                "asn",
                64500 + Math.abs(isp.hashCode() % 400),
                "country",
                country,
                "region",
                region,
                "latitude",
                52.5,
                "longitude",
                13.4,
                "natType",
                "FULL_CONE");
    }

    public static Map<String, Object> capabilities(boolean accepts, boolean forwards, List<String> allowedSources) {
        var map = new java.util.HashMap<String, Object>();
        map.put("acceptsIncoming", accepts);
        map.put("initiatesConnections", true);
        map.put("canForward", forwards);
        map.put("allowedSources", allowedSources);
        return map;
    }

    public static ValidatableResponse join(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/nodes")
                .then();
    }

    public static String joinCdn(long uplinkKbps) {
        String id = id("cdn");
        join(Map.of(
                        "id",
                        id,
                        "kind",
                        "CDN",
                        "implementation",
                        "edge/1.0",
                        "uplinkKbps",
                        uplinkKbps,
                        "network",
                        network("cdn-net", "DE", "berlin")))
                .statusCode(201);
        return id;
    }

    public static String joinRegular(long uplinkKbps, String isp, String country) {
        return joinRegular(uplinkKbps, isp, country, null);
    }

    /** A regular peer with serving preferences (such as quiet hours), or none when {@code serving} is null. */
    public static String joinRegular(long uplinkKbps, String isp, String country, Map<String, Object> serving) {
        String id = id("regular");
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "id",
                id,
                "kind",
                "CLIENT",
                "implementation",
                "desktop-agent/5.0",
                "capabilities",
                capabilities(true, true, null),
                "uplinkKbps",
                uplinkKbps,
                "network",
                network(isp, country, "berlin")));
        if (serving != null) {
            body.put("serving", serving);
        }
        join(body).statusCode(201);
        return id;
    }

    /** A lightweight peer: a no-install browser player that cannot accept connections. */
    public static String joinLightweight(long uplinkKbps, String isp, String country) {
        String id = id("light");
        join(Map.of(
                        "id",
                        id,
                        "kind",
                        "CLIENT",
                        "implementation",
                        "browser-webrtc/2.1",
                        "capabilities",
                        capabilities(false, true, null),
                        "uplinkKbps",
                        uplinkKbps,
                        "network",
                        network(isp, country, "berlin")))
                .statusCode(201);
        return id;
    }

    public static String declareLive(int bitrateKbps) {
        String id = id("live");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "kind",
                        "LIVE",
                        "media",
                        "VIDEO",
                        "bitrateKbps",
                        bitrateKbps,
                        "monetization",
                        "FREE",
                        "provider",
                        "acme",
                        "category",
                        "SPORTS",
                        "title",
                        "Match"))
                .when()
                .put("/v1/contents/" + id)
                .then()
                .statusCode(201);
        return id;
    }

    public static void hold(String nodeId, String contentId) {
        given().when()
                .put("/v1/nodes/" + nodeId + "/holdings/" + contentId)
                .then()
                .statusCode(204);
    }

    public static ValidatableResponse allocate(String nodeId, String contentId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("nodeId", nodeId, "contentId", contentId))
                .when()
                .post("/v1/allocations")
                .then();
    }

    public static ValidatableResponse allocate(String nodeId, String contentId, int maxParents) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("nodeId", nodeId, "contentId", contentId, "maxParents", maxParents))
                .when()
                .post("/v1/allocations")
                .then();
    }

    public static ValidatableResponse explanation(String allocationId) {
        return given().when()
                .get("/v1/allocations/" + allocationId + "/explanation")
                .then()
                .statusCode(200);
    }
}
