package io.peerage.identity;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Remembers each node token the OIDC tenant {@value NodeTenant#TENANT} has just verified in full. */
@ApplicationScoped
public class RememberVerifiedNodeTokens implements SecurityIdentityAugmentor {

    private final VerifiedNodeTokens verified;

    RememberVerifiedNodeTokens(VerifiedNodeTokens verified) {
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        // A principal from the cache is already there; only a full verification by the node tenant adds one.
        if (IdentityRoles.isNodeToken(identity)
                && identity.getPrincipal() instanceof JsonWebToken jwt
                && !(jwt instanceof VerifiedNodeTokenPrincipal)
                && jwt.getRawToken() != null
                && jwt.getSubject() != null) {
            verified.remember(
                    jwt.getRawToken(), jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime()), Instant.now());
        }
        return Uni.createFrom().item(identity);
    }
}
