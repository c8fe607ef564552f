package io.peerage.allocation;

import static io.peerage.support.Api.allocate;
import static io.peerage.support.Api.declareLive;
import static io.peerage.support.Api.explanation;
import static io.peerage.support.Api.hold;
import static io.peerage.support.Api.joinCdn;
import static io.peerage.support.Api.joinLightweight;
import static io.peerage.support.Api.joinRegular;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** SOFT rejections are lifted one whole rule at a time, highest rank number first, and only when nothing is left. */
@QuarkusTest
@TestProfile(PolicyFolders.Soft.class)
class RelaxationTest {

    @Test
    void nothing_is_relaxed_while_a_candidate_satisfies_every_rule() {
        String content = declareLive(500);
        String local = joinRegular(1000, "isp-r1", "NO");
        String foreign = joinRegular(9000, "isp-r1", "FI");
        hold(local, content);
        hold(foreign, content);
        String child = joinRegular(500, "isp-r1", "NO");

        allocate(child, content, 1)
                .statusCode(201)
                .body("parents.nodeId", contains(local))
                .body("relaxedPolicies", empty())
                .body("summary", equalTo("1 of 2 candidates eligible: 1 in another country (NETWORK)"));
    }

    @Test
    void the_lowest_priority_rule_is_lifted_first_and_only_as_far_as_needed() {
        String content = declareLive(500);
        String otherIspSameCountry = joinRegular(1000, "isp-r2", "NO");
        String otherCountry = joinRegular(9000, "isp-r3", "SE");
        hold(otherIspSameCountry, content);
        hold(otherCountry, content);
        String child = joinRegular(500, "isp-r4", "NO");

        String allocationId = allocate(child, content, 1)
                .statusCode(201)
                .body("parents.nodeId", contains(otherIspSameCountry))
                .body("relaxedPolicies", contains("Parents come from the child's ISP"))
                .extract()
                .path("allocationId");
        explanation(allocationId)
                .body("relaxedPolicies", contains("Parents come from the child's ISP"))
                .body("candidates.find { it.nodeId == '" + otherIspSameCountry + "' }.reasons.relaxed", contains(true))
                .body("candidates.find { it.nodeId == '" + otherCountry + "' }.verdict", equalTo("REJECTED"))
                .body("summary", equalTo("1 of 2 candidates eligible: 1 in another country (NETWORK)"));
    }

    @Test
    void rules_are_lifted_in_rank_order_until_a_candidate_survives() {
        String content = declareLive(500);
        String cdn = joinCdn(100_000);
        hold(cdn, content);
        String child = joinRegular(500, "isp-r5", "IS");

        allocate(child, content)
                .statusCode(201)
                .body("parents.nodeId", contains(cdn))
                .body(
                        "relaxedPolicies",
                        contains(
                                "Parents come from the child's ISP",
                                "Parents come from the child's country",
                                "CDN nodes are a last resort"));
    }

    @Test
    void hard_rules_are_never_lifted() {
        String content = declareLive(500);
        String light = joinLightweight(5000, "isp-r6", "IS");
        hold(light, content);
        String child = joinLightweight(500, "isp-r6", "IS");
        allocate(child, content)
                .statusCode(422)
                .body("summary", equalTo("0 of 1 candidates eligible: 1 lightweight-to-lightweight (COMPATIBILITY)"));
    }

    @Test
    void a_rule_preference_adds_its_weight_to_the_score() {
        String content = declareLive(500);
        String parent = joinRegular(1000, "isp-r7", "IS");
        hold(parent, content);
        String child = joinRegular(500, "isp-r7", "IS");
        String allocationId = allocate(child, content).statusCode(201).extract().path("allocationId");
        explanation(allocationId)
                .body("candidates[0].preferences.code", contains("same-region"))
                .body("candidates[0].preferences.message", contains("same region as the child"))
                .body("candidates[0].score.parts.policy", equalTo(7.0f));
    }
}
