package io.edgeserve.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Who a device is, from the certificate it presented over TLS: a name (the subject's CN, else its first DNS,
 * URI or e-mail subject alternative name, else the whole subject), the subject, and a short fingerprint that
 * tells apart devices whose certificates share a subject (AWS IoT names every certificate it creates
 * "AWS IoT Certificate").
 *
 * @param name        what logs call the device
 * @param subject     the certificate's subject, RFC 2253
 * @param fingerprint the first 16 hex digits of the certificate's SHA-256
 */
public record DeviceIdentity(String name, String subject, String fingerprint) {

    static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final List<Integer> NAME_TYPES = List.of(2, 6, 1);

    /** The identity of the certificate the request's TLS client presented, or empty without one. */
    public static Optional<DeviceIdentity> of(HttpServletRequest request) {
        if (request.getAttribute(CERTIFICATES_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(of(chain[0]));
        }
        return Optional.empty();
    }

    static DeviceIdentity of(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String name = commonName(subject).or(() -> alternativeName(certificate)).orElse(subject);
        return new DeviceIdentity(name, subject, fingerprint(certificate));
    }

    /** True where {@code names} holds this device's name or subject. */
    boolean isOneOf(Collection<String> names) {
        return names.contains(name) || names.contains(subject);
    }

    private static Optional<String> commonName(String subject) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // An unparsable subject is named by the subject itself.
        }
        return Optional.empty();
    }

    private static Optional<String> alternativeName(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            for (int type : NAME_TYPES) {
                for (List<?> entry : names) {
                    if (entry.get(0) instanceof Integer entryType && entryType == type) {
                        return Optional.of(entry.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A certificate with unparsable alternative names is named by its subject.
        }
        return Optional.empty();
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(SigV4Verifier.sha256(certificate.getEncoded())).substring(0, 16);
        } catch (CertificateEncodingException e) {
            return "unknown";
        }
    }
}
