package io.peerage.identity;

import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.Subscription;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Who may join as what. CDN and waypoint nodes need an operator. An online node is re-joined (updated) only with its
 * own node token. Any other client joins as {@code peerage.nodes.enrollment} says: in {@link EnrollmentMode#OPEN}
 * mode what it declares is believed; in {@link EnrollmentMode#TOKEN} mode it sends an enrollment token signed by the
 * content provider's backend, whose claims alone set its id, subscription, owner, viewer age, affinity groups and
 * allowed kinds; a re-join keeps them. The caller is asked for only when needed, so that a stale token sent with an
 * open join does not refuse it.
 */
@Startup
@ApplicationScoped
public class Enrollment {

    /** The request header that carries an enrollment token. */
    public static final String HEADER = "X-Peerage-Enrollment";

    static final String KEY_SETTING = "peerage.nodes.enrollment-key";
    private static final Logger LOG = Logger.getLogger(Enrollment.class);

    private final Swarm swarm;
    private final EnrollmentMode mode;
    private final Optional<String> keyPem;
    private final Optional<String> issuer;
    private JwtConsumer consumer;

    Enrollment(
            Swarm swarm,
            @ConfigProperty(name = "peerage.nodes.enrollment", defaultValue = "token") EnrollmentMode mode,
            @ConfigProperty(name = KEY_SETTING) Optional<String> keyPem,
            @ConfigProperty(name = "peerage.nodes.enrollment-issuer") Optional<String> issuer) {
        this.swarm = swarm;
        this.mode = mode;
        this.keyPem = keyPem.filter(value -> !value.isBlank());
        this.issuer = issuer.filter(value -> !value.isBlank());
    }

    @PostConstruct
    void prepare() {
        if (keyPem.isPresent()) {
            PublicKey key = Pem.publicKey(keyPem.get(), KEY_SETTING);
            JwtConsumerBuilder builder = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(30)
                    .setSkipDefaultAudienceValidation()
                    .setVerificationKey(key);
            issuer.ifPresent(builder::setExpectedIssuer);
            consumer = builder.build();
        } else if (mode == EnrollmentMode.TOKEN) {
            LOG.warn("peerage.nodes.enrollment is token but " + KEY_SETTING
                    + " is not set: no client can join until it is");
        }
    }

    public EnrollmentMode mode() {
        return mode;
    }

    /**
     * The profile to join with, once the caller may join it; refused with 401 (no or a bad credential) or 403.
     *
     * @param enrollmentToken the {@value #HEADER} header, or null
     * @param caller the authenticated caller, asked for only when the join needs one
     */
    public NodeProfile admit(NodeProfile declared, String enrollmentToken, Supplier<SecurityIdentity> caller) {
        Optional<LiveNode> online = declared.id() == null ? Optional.empty() : swarm.node(declared.id());
        boolean infrastructure = declared.kind().isInfrastructure()
                || online.map(node -> node.profile().kind().isInfrastructure()).orElse(false);
        if (infrastructure) {
            SecurityIdentity identity = authenticated(caller, "joining a CDN or waypoint node needs an operator");
            boolean itself = online.isPresent()
                    && identity.hasRole(Roles.NODE)
                    && declared.id().equals(identity.getPrincipal().getName());
            if (!identity.hasRole(Roles.OPERATOR) && !itself) {
                throw new ForbiddenException("joining a CDN or waypoint node needs the operator role"
                        + (online.isPresent() ? " or that node's own token" : ""));
            }
            return declared;
        }
        if (online.isPresent()) {
            SecurityIdentity identity = authenticated(
                    caller, "node '" + declared.id() + "' is online: only its own node token may join it again");
            if (!identity.hasRole(Roles.NODE)
                    || !declared.id().equals(identity.getPrincipal().getName())) {
                throw new ForbiddenException(
                        "node '" + declared.id() + "' is online: only its own node token may join it again");
            }
            return mode == EnrollmentMode.TOKEN
                    ? keepTrusted(declared, online.get().profile())
                    : declared;
        }
        return mode == EnrollmentMode.OPEN ? declared : enrolled(declared, enrollmentToken);
    }

    private NodeProfile enrolled(NodeProfile declared, String token) {
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("a client joins with an enrollment token from its content provider in the "
                    + HEADER + " header (peerage.nodes.enrollment is token)");
        }
        if (consumer == null) {
            throw new UnauthorizedException(
                    "enrollment tokens cannot be checked: " + KEY_SETTING + " is not configured on this service");
        }
        EnrollmentClaims claims = read(token.strip());
        if (declared.id() != null && !declared.id().equals(claims.nodeId())) {
            throw new ForbiddenException(
                    "the enrollment token is for node '" + claims.nodeId() + "', not '" + declared.id() + "'");
        }
        if (!claims.kinds().contains(declared.kind())) {
            throw new ForbiddenException(
                    "the enrollment token allows kinds " + claims.kinds() + ", not " + declared.kind());
        }
        return withTrusted(
                declared,
                claims.nodeId(),
                claims.subscription(),
                claims.owner(),
                claims.viewerAge(),
                claims.affinityGroups());
    }

    /** What an enrollment token says about a client. */
    record EnrollmentClaims(
            String nodeId,
            Subscription subscription,
            String owner,
            Integer viewerAge,
            List<String> affinityGroups,
            List<NodeKind> kinds) {}

    EnrollmentClaims read(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String subscription = claims.getClaimValue("subscription", String.class);
            Number age = claims.getClaimValue("viewerAge", Number.class);
            List<String> groups =
                    claims.hasClaim("affinityGroups") ? claims.getStringListClaimValue("affinityGroups") : List.of();
            List<NodeKind> kinds = claims.hasClaim("kinds")
                    ? claims.getStringListClaimValue("kinds").stream()
                            .map(Enrollment::kind)
                            .toList()
                    : List.of(NodeKind.CLIENT);
            return new EnrollmentClaims(
                    claims.getSubject(),
                    subscription == null ? Subscription.STANDARD : subscription(subscription),
                    claims.getClaimValue("owner", String.class),
                    age == null ? null : age.intValue(),
                    groups,
                    kinds);
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new AuthenticationFailedException("the enrollment token is not valid: " + reason(e));
        }
    }

    private static String reason(Exception e) {
        if (e instanceof InvalidJwtException invalid && invalid.hasExpired()) {
            return "it has expired";
        }
        String message = e.getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    private static Subscription subscription(String value) {
        try {
            return Subscription.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException("the enrollment token's subscription '" + value + "' is not one of "
                    + Arrays.toString(Subscription.values()));
        }
    }

    private static NodeKind kind(String value) {
        try {
            return NodeKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException(
                    "the enrollment token's kind '" + value + "' is not one of " + Arrays.toString(NodeKind.values()));
        }
    }

    private static SecurityIdentity authenticated(Supplier<SecurityIdentity> caller, String why) {
        SecurityIdentity identity = caller.get();
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException(why);
        }
        return identity;
    }

    /** A re-join keeps what the enrollment set. */
    private static NodeProfile keepTrusted(NodeProfile declared, NodeProfile current) {
        return withTrusted(
                declared,
                current.id(),
                current.subscription(),
                current.owner(),
                current.viewerAge(),
                current.affinityGroups());
    }

    private static NodeProfile withTrusted(
            NodeProfile declared,
            String id,
            Subscription subscription,
            String owner,
            Integer viewerAge,
            List<String> affinityGroups) {
        return new NodeProfile(
                id,
                declared.kind(),
                declared.implementation(),
                declared.capabilities(),
                declared.network(),
                declared.uplinkKbps(),
                declared.downlinkKbps(),
                subscription,
                declared.device(),
                affinityGroups,
                declared.timeZone(),
                owner,
                viewerAge,
                declared.serving());
    }
}
