package io.edgeserve.sync;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Ed25519 keys as PEM (the JDK's own algorithm; {@code openssl pkey} reads and writes the same files) and the
 * detached signature of {@code catalogue.json}: {@code catalogue.json.sig} holds it in Base64, one line.
 */
public final class Ed25519Keys {

    private static final String ALGORITHM = "Ed25519";

    private Ed25519Keys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** @throws IllegalArgumentException where the text is not an Ed25519 public key in PEM */
    public static PublicKey readPublic(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(body(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----)", e);
        }
    }

    /** @throws IllegalArgumentException where the text is not an Ed25519 private key in PEM */
    public static PrivateKey readPrivate(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(body(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PEM (-----BEGIN PRIVATE KEY-----)", e);
        }
    }

    /** The signature file's text for {@code data}. */
    public static String sign(byte[] data, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign()) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** True where {@code signatureText} is a signature of {@code data} by one of {@code trusted}. */
    public static boolean verify(byte[] data, byte[] signatureText, List<PublicKey> trusted) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(new String(signatureText, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (PublicKey key : trusted) {
            try {
                Signature signature = Signature.getInstance(ALGORITHM);
                signature.initVerify(key);
                signature.update(data);
                if (signature.verify(raw)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature is simply not a valid one
            }
        }
        return false;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
