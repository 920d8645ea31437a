package io.edgeserve.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities, server and device certificates made for a test with BouncyCastle (EC P-256 keys, which
 * are quick to make), written as the PEM files Spring Boot's SSL bundles read, and turned into client TLS contexts.
 * Public for the sync tests, whose web server needs a certificate too.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private TestCertificates() {}

    /** A key and its certificate, with the chain up to the authority that issued it. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

        /** A client TLS context presenting this certificate and trusting {@code trusted}. */
        public SSLContext clientContext(X509Certificate trusted) {
            return TestCertificates.clientContext(this, trusted);
        }

        public KeyStore keyStore(char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("device", keys.getPrivate(), password, new X509Certificate[] {certificate, issuer});
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void writePkcs12(Path file, char[] password) {
            try (var out = Files.newOutputStream(file)) {
                keyStore(password).store(out, password);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the certificate chain and the key as PEM, each file replaced in one move. */
        public void writePem(Path certificateFile, Path keyFile) {
            replace(certificateFile, pem(certificate) + pem(issuer));
            replace(keyFile, pem(keys.getPrivate()));
        }
    }

    /** A self-signed certificate authority. */
    public record Authority(KeyPair keys, X509Certificate certificate) {

        Issued issue(String subject, Instant notBefore, Instant notAfter, KeyPurposeId purpose, GeneralName... names) {
            KeyPair issued = ecKeys();
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        new X500Name(subject), issued.getPublic());
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
                builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(issued.getPublic()));
                if (names.length > 0) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                }
                return new Issued(issued, sign(builder, keys), certificate);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A device certificate valid from an hour ago for a year. */
        public Issued device(String commonName) {
            Instant now = Instant.now();
            return issue("O=edgeserve tests,CN=" + commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)),
                    KeyPurposeId.id_kp_clientAuth);
        }

        /** A server certificate for localhost and 127.0.0.1. */
        public Issued server(String commonName) {
            Instant now = Instant.now();
            return issue("CN=" + commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)),
                    KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }

        public void writePem(Path file) {
            replace(file, pem(certificate));
        }
    }

    public static Authority authority(String commonName) {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        X500Name name = new X500Name("O=edgeserve tests,CN=" + commonName);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(keys, sign(builder, keys));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext clientContext(Issued client, X509Certificate trusted) {
        try {
            KeyManagerFactory keyManagers = null;
            if (client != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(client.keyStore("test".toCharArray()), "test".toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers(trusted).getTrustManagers(),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store holding one CA certificate, as {@code keytool -importcert} makes it. */
    static void writeTrustStore(Path file, X509Certificate trusted, char[] password) {
        try (var out = Files.newOutputStream(file)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("gateway-ca", trusted);
            trust.store(out, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrustManagerFactory trustManagers(X509Certificate trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes a file in one move, so that a watcher never reads it half written. */
    static void replace(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".", ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
