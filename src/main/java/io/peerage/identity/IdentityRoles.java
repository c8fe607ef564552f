package io.peerage.identity;

import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the roles apart: a node token grants {@code node} and nothing else, whatever its claims say, and no other
 * token grants {@code node}, whatever its {@code groups} say.
 */
@ApplicationScoped
public class IdentityRoles implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = isNodeToken(identity)
                ? Set.of(Roles.NODE)
                : identity.getRoles().stream()
                        .filter(role -> !Roles.NODE.equals(role))
                        .collect(Collectors.toUnmodifiableSet());
        if (roles.equals(identity.getRoles())) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .setAnonymous(false);
        return Uni.createFrom().item(builder.build());
    }

    static boolean isNodeToken(SecurityIdentity identity) {
        return NodeTenant.TENANT.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE));
    }
}
