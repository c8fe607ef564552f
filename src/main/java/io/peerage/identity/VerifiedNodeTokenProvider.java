package io.peerage.identity;

import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Answers a bearer token from {@link VerifiedNodeTokens} when the exact token was verified before, for a node still
 * online under the same membership; any other token goes on to the OIDC verification (this provider is asked before it),
 * and {@link RememberVerifiedNodeTokens} remembers it once verified. The identity it builds is the one a full
 * verification gives a node token: the node's id, the role {@code node}, the tenant {@value NodeTenant#TENANT}.
 */
@ApplicationScoped
public class VerifiedNodeTokenProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /**
     * Before the OIDC provider, which takes {@code SYSTEM_FIRST + 1}: the higher is asked first. Below it, this
     * provider is never asked and every token is verified in full.
     */
    static final int PRIORITY = SYSTEM_FIRST + 100;

    private final VerifiedNodeTokens verified;

    VerifiedNodeTokenProvider(VerifiedNodeTokens verified) {
        this.verified = verified;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        return verified.lookup(token, Instant.now())
                .map(claims -> Uni.createFrom().item(identity(request, token, claims)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    private static SecurityIdentity identity(
            TokenAuthenticationRequest request, String token, VerifiedNodeTokens.Claims claims) {
        long expiresAt = claims.expiresAt().getEpochSecond();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new VerifiedNodeTokenPrincipal(token, claims.nodeId(), expiresAt))
                .addRole(Roles.NODE)
                .addCredential(request.getToken())
                .addAttribute(OidcUtils.TENANT_ID_ATTRIBUTE, NodeTenant.TENANT)
                .addAttribute("quarkus.identity.expire-time", expiresAt);
        // This request's routing context, as the OIDC provider attaches it; never the one of the call that verified.
        RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (context != null) {
            identity.addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, context);
        }
        return identity.build();
    }
}
