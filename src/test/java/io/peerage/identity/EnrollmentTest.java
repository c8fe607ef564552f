package io.peerage.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.node.Capabilities;
import io.peerage.node.Classification;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.node.Subscription;
import io.peerage.swarm.Swarm;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Who may join as what, as plain units: the enrollment modes, the token's claims, and re-joins. */
class EnrollmentTest {

    private static final KeyPair PROVIDER = NodeTokenKey.generate();
    private static final KeyPair STRANGER = NodeTokenKey.generate();

    private final Swarm swarm = new Swarm();
    private final Enrollment open = enrollment(EnrollmentMode.OPEN);
    private final Enrollment token = enrollment(EnrollmentMode.TOKEN);

    private Enrollment enrollment(EnrollmentMode mode) {
        Enrollment enrollment =
                new Enrollment(swarm, mode, Optional.of(publicPem(PROVIDER)), Optional.of("https://provider.example"));
        enrollment.prepare();
        return enrollment;
    }

    private static String publicPem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Pem.publicKeyBase64(pair.getPublic()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static NodeProfile client(
            String id, Subscription subscription, String owner, Integer age, List<String> groups) {
        return new NodeProfile(
                id,
                NodeKind.CLIENT,
                "desktop-agent/5.0",
                Capabilities.FULL,
                null,
                4000L,
                null,
                subscription,
                null,
                groups,
                null,
                owner,
                age,
                null);
    }

    private static NodeProfile ofKind(String id, NodeKind kind) {
        return new NodeProfile(id, kind, "edge/1.0", null, null, 100_000L, null, null, null, null);
    }

    private static String enrollmentToken(KeyPair signer, String subject, Map<String, Object> claims, Instant expires) {
        var builder = Jwt.issuer("https://provider.example").subject(subject).expiresAt(expires);
        claims.forEach(builder::claim);
        return builder.sign(signer.getPrivate());
    }

    private static String enrollmentToken(String subject, Map<String, Object> claims) {
        return enrollmentToken(PROVIDER, subject, claims, Instant.now().plusSeconds(600));
    }

    private static Supplier<SecurityIdentity> nobody() {
        return () -> QuarkusSecurityIdentity.builder().setAnonymous(true).build();
    }

    private static Supplier<SecurityIdentity> as(String name, String role) {
        return () -> QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRole(role)
                .build();
    }

    private static Supplier<SecurityIdentity> neverAsked() {
        return () -> {
            throw new AssertionError("the caller was asked for where the join does not need one");
        };
    }

    private void online(NodeProfile profile) {
        swarm.join(profile.withDefaults(profile.id()), new Classification(PeerType.REGULAR, List.of()), Instant.now());
    }

    @Test
    void an_open_join_of_a_new_client_believes_it_and_never_asks_who_calls() {
        NodeProfile declared = client("alice", Subscription.PREMIUM, "acct-1", 30, List.of("family"));
        assertThat(open.admit(declared, null, neverAsked())).isEqualTo(declared);
    }

    @Test
    void a_cdn_or_waypoint_join_needs_an_operator() {
        assertThatThrownBy(() -> open.admit(ofKind("cdn-1", NodeKind.CDN), null, nobody()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("joining a CDN or waypoint node needs an operator");
        assertThatThrownBy(() -> open.admit(ofKind("way-1", NodeKind.WAYPOINT), null, as("eve", Roles.AUDITOR)))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("joining a CDN or waypoint node needs the operator role");
        assertThatThrownBy(() -> token.admit(ofKind("cdn-1", NodeKind.CDN), null, as("cdn-1", Roles.NODE)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(open.admit(ofKind("cdn-1", NodeKind.CDN), null, as("ops", Roles.OPERATOR))
                        .kind())
                .isEqualTo(NodeKind.CDN);
    }

    @Test
    void a_client_cannot_take_over_an_online_cdn_id() {
        online(ofKind("cdn-2", NodeKind.CDN));
        assertThatThrownBy(() -> open.admit(client("cdn-2", null, null, null, null), null, nobody()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> open.admit(client("cdn-2", null, null, null, null), null, as("bob", Roles.NODE)))
                .isInstanceOf(ForbiddenException.class);
        // The CDN node itself may update itself.
        assertThat(open.admit(ofKind("cdn-2", NodeKind.CDN), null, as("cdn-2", Roles.NODE))
                        .id())
                .isEqualTo("cdn-2");
    }

    @Test
    void an_online_id_is_joined_again_only_with_its_own_node_token() {
        online(client("bob", null, null, null, null));
        NodeProfile again = client("bob", null, null, null, null);
        assertThatThrownBy(() -> open.admit(again, null, nobody()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("node 'bob' is online: only its own node token may join it again");
        assertThatThrownBy(() -> open.admit(again, null, as("mallory", Roles.NODE)))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("node 'bob' is online: only its own node token may join it again");
        assertThatThrownBy(() -> open.admit(again, null, as("ops", Roles.OPERATOR)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> token.admit(again, enrollmentToken("bob", Map.of()), nobody()))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(open.admit(again, null, as("bob", Roles.NODE))).isEqualTo(again);
    }

    @Test
    void in_token_mode_the_claims_alone_set_what_a_client_cannot_be_trusted_to_say() {
        String enrollment = enrollmentToken(
                "carol",
                Map.of(
                        "subscription",
                        "FREE",
                        "owner",
                        "acct-9",
                        "viewerAge",
                        12,
                        "affinityGroups",
                        List.of("school-7")));
        NodeProfile boasting = client(null, Subscription.PREMIUM, "acct-1", 40, List.of("vip"));

        NodeProfile admitted = token.admit(boasting, enrollment, neverAsked());

        assertThat(admitted.id()).isEqualTo("carol");
        assertThat(admitted.subscription()).isEqualTo(Subscription.FREE);
        assertThat(admitted.owner()).isEqualTo("acct-9");
        assertThat(admitted.viewerAge()).isEqualTo(12);
        assertThat(admitted.affinityGroups()).containsExactly("school-7");
        assertThat(admitted.uplinkKbps()).isEqualTo(4000L);
    }

    @Test
    void claims_that_are_absent_give_the_defaults_whatever_the_body_says() {
        NodeProfile admitted = token.admit(
                client("dan", Subscription.PREMIUM, "acct-1", 40, List.of("vip")),
                enrollmentToken("dan", Map.of()),
                neverAsked());
        assertThat(admitted.subscription()).isEqualTo(Subscription.STANDARD);
        assertThat(admitted.owner()).isNull();
        assertThat(admitted.viewerAge()).isNull();
        assertThat(admitted.affinityGroups()).isEmpty();
    }

    @Test
    void an_enrolled_node_cannot_raise_its_claims_by_joining_again() {
        NodeProfile enrolled = token.admit(
                client("erin", null, null, null, null),
                enrollmentToken("erin", Map.of("subscription", "FREE", "owner", "acct-2", "viewerAge", 9)),
                neverAsked());
        online(enrolled);

        NodeProfile again = token.admit(
                client("erin", Subscription.PREMIUM, "acct-1", 40, List.of("vip")), null, as("erin", Roles.NODE));

        assertThat(again.subscription()).isEqualTo(Subscription.FREE);
        assertThat(again.owner()).isEqualTo("acct-2");
        assertThat(again.viewerAge()).isEqualTo(9);
        assertThat(again.affinityGroups()).isEmpty();
    }

    @Test
    void a_token_join_is_refused_without_a_token_or_with_a_bad_one() {
        NodeProfile frank = client("frank", null, null, null, null);
        record Case(String name, String token, Class<? extends Exception> refusal, String message) {}
        List<Case> cases = List.of(
                new Case(
                        "no token",
                        null,
                        UnauthorizedException.class,
                        "a client joins with an enrollment token from its content provider in the X-Peerage-Enrollment"
                                + " header (peerage.nodes.enrollment is token)"),
                new Case(
                        "signed by a stranger",
                        enrollmentToken(
                                STRANGER, "frank", Map.of(), Instant.now().plusSeconds(600)),
                        AuthenticationFailedException.class,
                        "the enrollment token is not valid"),
                new Case(
                        "expired",
                        enrollmentToken(
                                PROVIDER, "frank", Map.of(), Instant.now().minusSeconds(600)),
                        AuthenticationFailedException.class,
                        "the enrollment token is not valid: it has expired"),
                new Case(
                        "not a JWT",
                        "garbage",
                        AuthenticationFailedException.class,
                        "the enrollment token is not valid"),
                new Case(
                        "for another node",
                        enrollmentToken("gina", Map.of()),
                        ForbiddenException.class,
                        "the enrollment token is for node 'gina', not 'frank'"),
                new Case(
                        "a subscription that does not exist",
                        enrollmentToken("frank", Map.of("subscription", "GOLD")),
                        AuthenticationFailedException.class,
                        "the enrollment token's subscription 'GOLD' is not one of [PREMIUM, STANDARD, FREE]"));
        for (Case c : cases) {
            assertThatThrownBy(() -> token.admit(frank, c.token(), nobody()))
                    .as(c.name())
                    .isInstanceOf(c.refusal())
                    .hasMessageStartingWith(c.message());
        }
    }

    @Test
    void a_client_cannot_join_as_a_kind_its_token_does_not_allow() {
        assertThatThrownBy(() -> token.admit(
                        client("hank", null, null, null, null),
                        enrollmentToken("hank", Map.of("kinds", List.of("WAYPOINT"))),
                        nobody()))
                .isInstanceOf(ForbiddenException.class)
                .hasMessage("the enrollment token allows kinds [WAYPOINT], not CLIENT");
        // Even a token that lists CDN does not let a client join as one: that needs an operator.
        assertThatThrownBy(() -> token.admit(
                        ofKind("hank", NodeKind.CDN),
                        enrollmentToken("hank", Map.of("kinds", List.of("CDN"))),
                        nobody()))
                .isInstanceOf(UnauthorizedException.class);
    }
}
