package io.peerage.policy;

import static io.peerage.policy.Facts.cdn;
import static io.peerage.policy.Facts.peer;
import static io.peerage.policy.Facts.waypoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification;
import io.peerage.node.Classification.ClassificationReason;
import io.peerage.node.PeerType;
import io.peerage.policy.Facts.Node;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of {@code rules/classification.drl}, as shipped, and the floor under them: what a peer's declared
 * capabilities make lightweight stays lightweight whatever the rules say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassificationRulesTest {

    static final String CANNOT_ACCEPT_INCOMING = "A peer that cannot accept incoming connections is lightweight";
    static final String ACCESS_LIST_ONLY = "A peer that receives only from an access list is lightweight";
    static final String CANNOT_FORWARD = "A peer that cannot forward content is lightweight";
    static final String NO_INSTALL_PLAYER = "A no-install player is lightweight";

    private PolicySet policies;

    @BeforeAll
    void compileTheRulesFolder() {
        policies = Policies.compile(Policies.rulesFolder());
    }

    static Stream<Arguments> peers() {
        return Stream.of(
                argumentSet(
                        "a peer that cannot accept incoming connections is lightweight",
                        peer("p1").cannotAcceptIncoming(),
                        List.of(reason(
                                "cannot-accept-incoming",
                                CANNOT_ACCEPT_INCOMING,
                                "cannot accept incoming connections"))),
                argumentSet(
                        "a peer that receives only from an access list is lightweight",
                        peer("p2").receivesOnlyFrom("CDN"),
                        List.of(reason("access-list-only", ACCESS_LIST_ONLY, "receives only from an access list"))),
                argumentSet(
                        "a peer that cannot forward is lightweight",
                        peer("p3").cannotForward(),
                        List.of(reason("cannot-forward", CANNOT_FORWARD, "cannot forward content"))),
                argumentSet(
                        "a browser WebRTC player is lightweight even when it declares every capability",
                        peer("p4").implementation("browser-webrtc/2.1"),
                        List.of(noInstallPlayer("browser-webrtc"))),
                argumentSet(
                        "a browser HLS player is lightweight",
                        peer("p5").implementation("browser-hls/1.0.3"),
                        List.of(noInstallPlayer("browser-hls"))),
                argumentSet(
                        "a web player without a version is lightweight",
                        peer("p6").implementation("web-player"),
                        List.of(noInstallPlayer("web-player"))),
                argumentSet(
                        "an implementation whose name only starts like a no-install player is regular",
                        peer("p7").implementation("browser-webrtc-native/1.0"),
                        List.of()),
                argumentSet(
                        "a peer lacking everything is lightweight for every reason",
                        peer("p8")
                                .implementation("web-player/3")
                                .cannotAcceptIncoming()
                                .cannotForward()
                                .receivesOnlyFrom("p1"),
                        List.of(
                                reason(
                                        "cannot-accept-incoming",
                                        CANNOT_ACCEPT_INCOMING,
                                        "cannot accept incoming connections"),
                                reason("access-list-only", ACCESS_LIST_ONLY, "receives only from an access list"),
                                reason("cannot-forward", CANNOT_FORWARD, "cannot forward content"),
                                noInstallPlayer("web-player"))),
                argumentSet("a desktop agent that can do everything is regular", peer("p9"), List.of()),
                argumentSet(
                        "a CDN node is regular even when it declares it cannot accept or forward",
                        cdn("cdn-1").cannotAcceptIncoming().cannotForward(),
                        List.of()),
                argumentSet(
                        "a waypoint is regular even when it runs a browser player with an access list",
                        waypoint("wp-1").implementation("browser-webrtc/2.1").receivesOnlyFrom("CDN"),
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void classifiesByTheRulesFolder(Node node, List<ClassificationReason> expected) {
        Classification classification = policies.classify(node.profile());

        assertThat(classification.reasons()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(classification.peerType()).isEqualTo(expected.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT);
    }

    @Test
    void withNoPolicyFilesAPeerThatCannotAcceptIncomingIsStillLightweight() {
        PolicySet none = Policies.compile();

        Classification classification =
                none.classify(peer("p1").cannotAcceptIncoming().profile());

        assertThat(classification.peerType()).isEqualTo(PeerType.LIGHTWEIGHT);
        assertThat(classification.reasons())
                .containsExactly(new ClassificationReason(
                        "cannot-accept-incoming",
                        "Engine: declared capabilities make a peer lightweight",
                        "cannot accept incoming connections"));
    }

    @Test
    void withNoPolicyFilesEveryCapabilityReasonIsTheEngines() {
        PolicySet none = Policies.compile();

        Classification classification = none.classify(peer("p1")
                .implementation("web-player/3")
                .cannotAcceptIncoming()
                .cannotForward()
                .receivesOnlyFrom("p2")
                .profile());

        assertThat(classification.reasons())
                .containsExactly(
                        new ClassificationReason(
                                "cannot-accept-incoming", CapabilityFloor.RULE, "cannot accept incoming connections"),
                        new ClassificationReason(
                                "access-list-only", CapabilityFloor.RULE, "receives only from an access list"),
                        new ClassificationReason("cannot-forward", CapabilityFloor.RULE, "cannot forward content"));
        assertThat(none.classify(peer("p3").implementation("web-player/3").profile()))
                .as("without the rules, a no-install player that declares every capability is regular")
                .isEqualTo(Classification.regular());
    }

    @Test
    void deletingTheCapabilityRulesKeepsThePeerLightweightWithTheEnginesReason() {
        String text = Policies.read("classification.drl").text();
        for (String rule : List.of(CANNOT_ACCEPT_INCOMING, ACCESS_LIST_ONLY, CANNOT_FORWARD)) {
            text = withoutRule(text, rule);
        }
        PolicySet edited = Policies.compile(PolicyFile.of("classification.drl", text));
        assertThat(edited.rules()).containsOnlyKeys(NO_INSTALL_PLAYER);

        Classification behindANat =
                edited.classify(peer("p1").cannotAcceptIncoming().profile());
        Classification browserBehindANat = edited.classify(peer("p2")
                .implementation("browser-webrtc/2.1")
                .cannotAcceptIncoming()
                .profile());

        assertThat(behindANat.peerType()).isEqualTo(PeerType.LIGHTWEIGHT);
        assertThat(behindANat.reasons())
                .containsExactly(new ClassificationReason(
                        "cannot-accept-incoming", CapabilityFloor.RULE, "cannot accept incoming connections"));
        assertThat(browserBehindANat.reasons())
                .as("the rule's reason first, then the engine's")
                .containsExactly(
                        noInstallPlayer("browser-webrtc"),
                        new ClassificationReason(
                                "cannot-accept-incoming", CapabilityFloor.RULE, "cannot accept incoming connections"));
    }

    @Test
    void aRuleGivingTheSameCodeAsTheFloorReplacesTheEnginesReason() {
        Classification classification =
                policies.classify(peer("p1").cannotAcceptIncoming().profile());

        assertThat(classification.reasons())
                .extracting(ClassificationReason::rule)
                .containsExactly(CANNOT_ACCEPT_INCOMING)
                .doesNotContain(CapabilityFloor.RULE);
    }

    private static String withoutRule(String text, String name) {
        String edited = Pattern.compile("(?s)rule \"" + Pattern.quote(name) + "\".*?\\nend\\n")
                .matcher(text)
                .replaceFirst("");
        assertThat(edited).as("rule \"%s\" deleted", name).isNotEqualTo(text);
        return edited;
    }

    private static ClassificationReason noInstallPlayer(String name) {
        return reason("no-install-player", NO_INSTALL_PLAYER, "implementation " + name + " is a no-install player");
    }

    private static ClassificationReason reason(String code, String rule, String message) {
        return new ClassificationReason(code, rule, message);
    }
}
