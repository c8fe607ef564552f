package io.peerage.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Chooses how a bearer token is verified, by its issuer: a token issued by {@value NodeTokens#ISSUER} is a node token,
 * verified against the {@link NodeTokenKey} (tenant {@value #TENANT}); any other goes to the default tenant (the
 * company's OIDC provider, or {@code quarkus.oidc.public-key}). The issuer is read unverified only to choose; the
 * chosen tenant verifies the signature, the issuer and the expiry.
 */
@ApplicationScoped
public class NodeTenant implements TenantConfigResolver {

    /** The OIDC tenant of node tokens. */
    public static final String TENANT = "node";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeTokenKey key;
    private volatile OidcTenantConfig config;

    NodeTenant(NodeTokenKey key) {
        this.key = key;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> request) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().nullItem();
        }
        return NodeTokens.ISSUER.equals(issuerOf(authorization.substring(7).strip()))
                ? Uni.createFrom().item(config())
                : Uni.createFrom().nullItem();
    }

    private OidcTenantConfig config() {
        OidcTenantConfig built = config;
        if (built == null) {
            built = OidcTenantConfig.builder()
                    .tenantId(TENANT)
                    .applicationType(ApplicationType.SERVICE)
                    .publicKey(Pem.publicKeyBase64(key.publicKey()))
                    .token()
                    .issuer(NodeTokens.ISSUER)
                    .principalClaim("sub")
                    .end()
                    .build();
            config = built;
        }
        return built;
    }

    /** The {@code iss} claim of a JWT, unverified; null when the token is not a readable JWT. */
    static String issuerOf(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            JsonNode issuer =
                    JSON.readTree(new String(payload, StandardCharsets.UTF_8)).get("iss");
            return issuer != null && issuer.isTextual() ? issuer.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
