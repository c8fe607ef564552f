package io.peerage.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * The {@code iss} claim of a JWT, unverified; null when the token is not a readable JWT. Read on every call with a
     * token, so the payload is streamed, not built into a tree: the whole payload is still read (a payload that is not
     * JSON names no issuer), and of repeated top-level {@code iss} claims the last one counts, as in a tree.
     */
    static String issuerOf(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            try (JsonParser parser = JSON.createParser(new String(payload, StandardCharsets.UTF_8))) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren(); // an array or a scalar: read through, it has no claims
                    return null;
                }
                String issuer = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean iss = "iss".equals(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (iss) {
                        issuer = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    }
                    parser.skipChildren();
                }
                return issuer;
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
