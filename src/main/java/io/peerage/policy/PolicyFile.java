package io.peerage.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One DRL file of a policy set, by its name in the rules folder, with the SHA-256 of its text. */
public record PolicyFile(String name, String text, String sha256) {

    public static PolicyFile of(String name, String text) {
        return new PolicyFile(name, text, sha256(text));
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
