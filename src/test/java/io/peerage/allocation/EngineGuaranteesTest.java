package io.peerage.allocation;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.capabilities;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.id;
import static io.peerage.support.Api.join;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static io.peerage.support.Api.network;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the compatibility and classification rules gone, the engine still keeps its two promises and its classification floor. */
@QuarkusTest
@TestProfile(PolicyFolders.Minimal.class)
class EngineGuaranteesTest {

    @Test
    void a_peer_that_cannot_accept_connections_is_still_lightweight() {
        join(Map.of(
                        "id",
                        id("nat"),
                        "kind",
                        "CLIENT",
                        "capabilities",
                        capabilities(false, true, null),
                        "uplinkKbps",
                        100))
                .statusCode(201)
                .body("peerType", equalTo("LIGHTWEIGHT"))
                .body("classificationReasons.rule", contains("Engine: declared capabilities make a peer lightweight"))
                .body("classificationReasons.message", contains("cannot accept incoming connections"));
    }

    @Test
    void two_lightweight_peers_are_never_paired_even_without_rules() {
        String content = declareLive(500);
        String light = joinLightweight(5000, "isp-g", "DE");
        hold(light, content);
        String child = joinLightweight(500, "isp-g", "DE");

        String allocationId = allocate(child, content)
                .statusCode(422)
                .body(
                        "detail",
                        equalTo("no eligible parent for " + child + " and " + content
                                + ": 0 of 1 candidates eligible: 1 lightweight-to-lightweight (engine) (COMPATIBILITY)."
                                + " Rules that left nothing: \"Engine: two lightweight peers are never paired\""))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body("candidates[0].reasons.code", contains("engine-lightweight-pair"))
                .body("candidates[0].reasons.strictness", contains("HARD"));
    }

    @Test
    void a_node_that_cannot_forward_is_never_a_parent_even_without_rules() {
        String content = declareLive(500);
        String sink = id("sink");
        join(Map.of(
                        "id",
                        sink,
                        "kind",
                        "CLIENT",
                        "capabilities",
                        capabilities(true, false, null),
                        "uplinkKbps",
                        5000,
                        "network",
                        network("isp-g", "DE", "berlin")))
                .statusCode(201);
        hold(sink, content);
        String fallback = joinRegular(1000, "isp-g", "DE");
        hold(fallback, content);
        String child = joinRegular(500, "isp-g", "DE");

        String allocationId = allocate(child, content)
                .statusCode(201)
                .body("parents.nodeId", contains(fallback))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body(
                        "candidates.find { it.nodeId == '" + sink + "' }.reasons.message",
                        contains(sink + " cannot forward content"));
    }

    @Test
    void a_node_that_receives_the_content_through_the_child_is_never_its_parent() {
        String content = declareLive(500);
        String source = joinRegular(500, "isp-l", "DE");
        hold(source, content);
        String relay = joinRegular(5000, "isp-l", "DE");
        allocate(relay, content).statusCode(201).body("parents.nodeId", contains(source));
        hold(relay, content);
        // The source has no spare uplink left: the next viewer can only be served by the relay.
        String viewer = joinRegular(5000, "isp-l", "DE");
        allocate(viewer, content).statusCode(201).body("parents.nodeId", contains(relay));
        hold(viewer, content);

        String allocationId = allocate(source, content)
                .statusCode(422)
                .body(
                        "detail",
                        containsString("Rules that left nothing: \"Feasibility: a node downstream of the child"
                                + " would close a loop\""))
                .extract()
                .path("allocationId");

        explanation(allocationId)
                .body("candidates.find { it.nodeId == '" + relay + "' }.reasons.code", contains("downstream-of-child"))
                .body(
                        "candidates.find { it.nodeId == '" + relay + "' }.reasons.message",
                        contains(relay + " receives " + content + " through " + source))
                .body(
                        "candidates.find { it.nodeId == '" + viewer + "' }.reasons.message",
                        contains(viewer + " receives " + content + " through " + source))
                .body("candidates.find { it.nodeId == '" + source + "' }.reasons.code", contains("is-the-child"));
    }
}
