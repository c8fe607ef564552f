package io.peerage.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The unverified read of a token's issuer that chooses how the token is verified. */
class NodeTenantTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                named(
                        "a node token",
                        token("{\"iss\":\"" + NodeTokens.ISSUER + "\",\"sub\":\"n1\"}"),
                        NodeTokens.ISSUER),
                named(
                        "the issuer after other claims, nested ones included",
                        token("{\"sub\":\"n1\",\"roles\":[\"a\",{\"iss\":\"inner\"}],\"x\":{\"iss\":\"inner\"},"
                                + "\"iss\":\"https://idp.example\"}"),
                        "https://idp.example"),
                named("no issuer", token("{\"sub\":\"n1\",\"exp\":1}"), null),
                named("an issuer only inside a nested claim", token("{\"x\":{\"iss\":\"inner\"}}"), null),
                named("an issuer that is a number", token("{\"iss\":42}"), null),
                named("an issuer that is an object", token("{\"iss\":{\"name\":\"x\"}}"), null),
                named("an issuer that is null", token("{\"iss\":null}"), null),
                named("the issuer given twice: the last one counts", token("{\"iss\":\"a\",\"iss\":\"b\"}"), "b"),
                named("the issuer given twice, the last not text", token("{\"iss\":\"a\",\"iss\":7}"), null),
                named("an escaped issuer", token("{\"iss\":\"pe\\u0065rage\"}"), "peerage"),
                named("a payload that breaks off after the issuer", token("{\"iss\":\"a\""), null),
                named("a payload with broken JSON after the issuer", token("{\"iss\":\"a\",\"sub\":}"), null),
                named("a payload that is an array", token("[\"iss\",\"a\"]"), null),
                named("a payload that is a string", token("\"iss\""), null),
                named("an empty payload", token(""), null),
                named("a payload that is not Base64", "eyJhbGciOiJSUzI1NiJ9.%%%.sig", null),
                named("one part only", "eyJpc3MiOiJhIn0", null),
                named("two parts only", "header.eyJpc3MiOiJhIn0", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheTopLevelIssuer(String name, String token, String expected) {
        assertThat(NodeTenant.issuerOf(token)).isEqualTo(expected);
    }

    private static Arguments named(String name, String token, String expected) {
        return Arguments.of(name, token, expected);
    }

    private static String token(String payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
