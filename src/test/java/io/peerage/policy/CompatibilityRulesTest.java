package io.peerage.policy;

import static io.peerage.policy.Facts.candidate;
import static io.peerage.policy.Facts.cdn;
import static io.peerage.policy.Facts.peer;
import static io.peerage.policy.Facts.request;
import static io.peerage.policy.Facts.waypoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.peerage.policy.Facts.Node;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@code rules/compatibility.drl}, as shipped: which parents a child can never be given. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatibilityRulesTest {

    static final String LIGHTWEIGHT_PAIR = "A lightweight child is never given a lightweight parent";
    static final String ACCESS_LIST = "A child with an access list receives only from sources on it";
    static final String CANNOT_FORWARD = "A node that cannot forward is never a parent";

    private PolicySet policies;

    @BeforeAll
    void compileTheRulesFolder() {
        PolicyCompiler.Result result = new PolicyCompiler(getClass().getClassLoader()).compile(Policies.rulesFolder());
        assertThat(result.problems()).isEmpty();
        policies = result.policySet().orElseThrow();
    }

    @Test
    void theRulesFolderHoldsTheThreeCompatibilityRules() {
        assertThat(policies.rules().values())
                .filteredOn(rule -> rule.file().equals("compatibility.drl"))
                .extracting(RuleMetadata::name)
                .containsExactlyInAnyOrder(LIGHTWEIGHT_PAIR, ACCESS_LIST, CANNOT_FORWARD);
    }

    static Stream<Arguments> lightweightPairs() {
        Node lightweightChild = peer("child-1").cannotAcceptIncoming();
        return Stream.of(
                argumentSet(
                        "a lightweight child is refused a lightweight peer",
                        lightweightChild,
                        peer("peer-2").cannotAcceptIncoming(),
                        List.of(lightweightPair("child-1", "peer-2"))),
                argumentSet(
                        "a lightweight child is refused a no-install player that is lightweight by its capabilities",
                        peer("child-1").implementation("browser-webrtc/2.1").cannotAcceptIncoming(),
                        peer("peer-3").implementation("browser-hls/1.0").cannotAcceptIncoming(),
                        List.of(lightweightPair("child-1", "peer-3"))),
                argumentSet(
                        "a lightweight child may be given a regular peer", lightweightChild, peer("peer-4"), List.of()),
                argumentSet("a lightweight child may be given a CDN node", lightweightChild, cdn("cdn-1"), List.of()),
                argumentSet(
                        "a lightweight child may be given a waypoint", lightweightChild, waypoint("wp-1"), List.of()),
                argumentSet(
                        "a regular child may be given a lightweight peer that forwards",
                        peer("child-2"),
                        peer("peer-5").cannotAcceptIncoming(),
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("lightweightPairs")
    void aLightweightChildIsNeverGivenALightweightParent(Node child, Node parent, List<Reason> expected) {
        assertThat(rejectionsOf(parent, child)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> accessLists() {
        Node child = peer("child-1").receivesOnlyFrom("peer-7", "CDN");
        Node onlyPeer7 = peer("child-2").receivesOnlyFrom("peer-7");
        return Stream.of(
                argumentSet("a peer named on the access list is admitted", child, peer("peer-7"), List.of()),
                argumentSet(
                        "a peer not named on the access list is rejected",
                        child,
                        peer("peer-8"),
                        List.of(notOnAccessList("peer-8", "child-1"))),
                argumentSet("the word CDN admits a CDN node", child, cdn("cdn-1"), List.of()),
                argumentSet(
                        "the word CDN does not admit a waypoint",
                        child,
                        waypoint("wp-1"),
                        List.of(notOnAccessList("wp-1", "child-1"))),
                argumentSet(
                        "the word CDN does not admit a peer that calls itself CDN",
                        child,
                        peer("CDN"),
                        List.of(notOnAccessList("CDN", "child-1"))),
                argumentSet(
                        "without the word CDN a CDN node is rejected",
                        onlyPeer7,
                        cdn("cdn-1"),
                        List.of(notOnAccessList("cdn-1", "child-2"))),
                argumentSet(
                        "a child without an access list receives from anyone",
                        peer("child-3"),
                        peer("peer-8"),
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("accessLists")
    void aChildWithAnAccessListReceivesOnlyFromSourcesOnIt(Node child, Node parent, List<Reason> expected) {
        assertThat(rejectionsOf(parent, child)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> forwarding() {
        return Stream.of(
                argumentSet(
                        "a peer that cannot forward is rejected",
                        peer("peer-9").cannotForward(),
                        List.of(cannotForward("peer-9"))),
                argumentSet(
                        "a CDN node that declares it cannot forward is rejected",
                        cdn("cdn-2").cannotForward(),
                        List.of(cannotForward("cdn-2"))),
                argumentSet("a peer that forwards is not rejected", peer("peer-10"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("forwarding")
    void aNodeThatCannotForwardIsNeverAParent(Node parent, List<Reason> expected) {
        assertThat(rejectionsOf(parent, peer("child-1"))).containsExactlyElementsOf(expected);
    }

    @Test
    void aCandidateRejectedForTwoReasonsCarriesBoth() {
        Node child = peer("child-1").receivesOnlyFrom("peer-7");
        Node parent = peer("peer-11").cannotForward();

        assertThat(rejectionsOf(parent, child))
                .containsExactlyInAnyOrder(
                        lightweightPair("child-1", "peer-11"),
                        notOnAccessList("peer-11", "child-1"),
                        cannotForward("peer-11"));
    }

    @Test
    void eachCandidateIsJudgedOnItsOwn() {
        Node child = peer("child-1").cannotAcceptIncoming();

        PolicyEvaluation evaluation = policies.evaluate(
                request(child),
                List.of(
                        candidate(peer("peer-2").cannotAcceptIncoming(), child),
                        candidate(peer("peer-3"), child),
                        candidate(cdn("cdn-1").cannotForward(), child)));

        assertThat(evaluation.rejections())
                .containsOnlyKeys("peer-2", "cdn-1")
                .containsEntry("peer-2", List.of(lightweightPair("child-1", "peer-2")))
                .containsEntry("cdn-1", List.of(cannotForward("cdn-1")));
        assertThat(evaluation.preferences()).isEmpty();
        assertThat(evaluation.denials()).isEmpty();
        assertThat(evaluation.policyVersion()).isEqualTo(policies.number());
    }

    private List<Reason> rejectionsOf(Node parent, Node child) {
        return policies.evaluate(request(child), List.of(candidate(parent, child)))
                .rejectionsOf(parent.profile().id());
    }

    private static Reason lightweightPair(String child, String parent) {
        return hard(
                "lightweight-to-lightweight",
                LIGHTWEIGHT_PAIR,
                "lightweight-to-lightweight",
                "child " + child + " and candidate " + parent + " are both lightweight");
    }

    private static Reason notOnAccessList(String parent, String child) {
        return hard(
                "not-on-access-list",
                ACCESS_LIST,
                "not on the child's access list",
                parent + " is not on the access list of " + child);
    }

    private static Reason cannotForward(String parent) {
        return hard("cannot-forward", CANNOT_FORWARD, "cannot forward", parent + " cannot forward content");
    }

    private static Reason hard(String code, String rule, String label, String message) {
        return new Reason(code, rule, PolicyKind.COMPATIBILITY, Strictness.HARD, 1, label, message, false);
    }
}
