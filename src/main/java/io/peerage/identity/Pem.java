package io.peerage.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** RSA keys as PEM text (or its bare Base64 body), the form that configuration and Kubernetes secrets carry. */
public final class Pem {

    private Pem() {}

    /** A PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey privateKey(String pem, String setting) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(body(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    setting + " is not a PKCS#8 RSA private key in PEM (-----BEGIN PRIVATE KEY-----): "
                            + e.getMessage(),
                    e);
        }
    }

    /** An X.509 RSA public key ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey publicKey(String pem, String setting) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(body(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    setting + " is not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----): " + e.getMessage(), e);
        }
    }

    /** The public half of an RSA private key. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalStateException("the node token key must be an RSA private key with its CRT parameters");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public node token key", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The Base64 body of an X.509 public key, as {@code quarkus.oidc.public-key} takes it. */
    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static byte[] body(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
