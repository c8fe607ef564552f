package io.peerage.identity;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Tokens for people and tools in dev mode and tests, signed with the dev key pair of {@code src/main/resources/dev/}
 * (public: never trust its public key in production; only the {@code %dev} and {@code %test} profiles do).
 */
public final class DevTokens {

    /** The issuer of dev tokens. */
    public static final String ISSUER = "peerage-dev";

    private static final Duration LIFETIME = Duration.ofHours(12);
    private static volatile PrivateKey key;

    private DevTokens() {}

    /** A token for {@code name} with these roles in its {@code groups} claim, valid for 12 hours. */
    public static String sign(String name, List<String> roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .subject(name)
                .upn(name)
                .groups(Set.copyOf(roles))
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME))
                .sign(key());
    }

    /** A token for a person holding one role, named after it (such as {@code dev-operator}). */
    public static String forRole(String role) {
        return sign("dev-" + role, List.of(role));
    }

    private static PrivateKey key() {
        PrivateKey loaded = key;
        if (loaded == null) {
            try (InputStream in = DevTokens.class.getResourceAsStream("/dev/people-private-key.pem")) {
                if (in == null) {
                    throw new IllegalStateException("dev/people-private-key.pem is missing from the class path");
                }
                loaded = Pem.privateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8), "dev key");
                key = loaded;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }
}
