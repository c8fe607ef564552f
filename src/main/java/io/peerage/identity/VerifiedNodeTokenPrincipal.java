package io.peerage.identity;

import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of a node token found in {@link VerifiedNodeTokens}: the claims a node token carries, read from the cache
 * instead of parsed again. Its name is the node id, as for a token verified in full.
 */
record VerifiedNodeTokenPrincipal(String rawToken, String nodeId, long expiresAtSecond) implements JsonWebToken {

    private static final Set<String> CLAIMS = Set.of(
            Claims.raw_token.name(), Claims.iss.name(), Claims.sub.name(), Claims.exp.name(), Claims.groups.name());

    @Override
    public String getName() {
        return nodeId;
    }

    @Override
    public Set<String> getClaimNames() {
        return CLAIMS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        Object value = switch (claimName) {
            case "raw_token" -> rawToken;
            case "iss" -> NodeTokens.ISSUER;
            case "sub" -> nodeId;
            case "exp" -> expiresAtSecond;
            case "groups" -> Set.of(Roles.NODE);
            default -> null;
        };
        return (T) value;
    }
}
