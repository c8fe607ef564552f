package io.peerage.identity;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Issues node tokens: JWTs signed with the {@link NodeTokenKey}, issuer {@value #ISSUER}, subject the node id,
 * valid for {@code peerage.nodes.token-ttl}. Only they grant the {@code node} role, and nothing else.
 *
 * <p>Times are the wall clock's, not the injectable clock's: the verifier checks expiry against the wall clock.
 */
@ApplicationScoped
public class NodeTokens {

    /** The issuer of node tokens, which also tells them apart from the tokens of people and tools. */
    public static final String ISSUER = "peerage";

    private final NodeTokenKey key;
    private final Duration ttl;

    NodeTokens(NodeTokenKey key, @ConfigProperty(name = "peerage.nodes.token-ttl", defaultValue = "1h") Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalStateException("peerage.nodes.token-ttl must be at least 10s, not " + ttl);
        }
        this.key = key;
        this.ttl = ttl;
    }

    /** A token and the instant it expires. */
    public record NodeToken(String token, Instant expiresAt) {}

    /** A new token for the node. */
    public NodeToken issue(String nodeId) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(ttl);
        String token = Jwt.issuer(ISSUER)
                .subject(nodeId)
                .groups(Set.of(Roles.NODE))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws()
                .keyId("node")
                .sign(key.privateKey());
        return new NodeToken(token, expiresAt);
    }

    /**
     * The token a heartbeat answers with: the one presented while it has more than half its lifetime left (signing
     * costs far more than the rest of a heartbeat), a new one after that; so a node that beats keeps a valid token.
     */
    public NodeToken renew(String nodeId, JsonWebToken presented) {
        if (presented != null && presented.getRawToken() != null && nodeId.equals(presented.getSubject())) {
            return renew(
                    nodeId,
                    new NodeToken(presented.getRawToken(), Instant.ofEpochSecond(presented.getExpirationTime())));
        }
        return issue(nodeId);
    }

    /** As above, for a token already known to be the node's own (verified, its subject {@code nodeId}). */
    public NodeToken renew(String nodeId, NodeToken presented) {
        if (Duration.between(Instant.now(), presented.expiresAt()).compareTo(ttl.dividedBy(2)) > 0) {
            return presented;
        }
        return issue(nodeId);
    }

    public Duration ttl() {
        return ttl;
    }
}
