package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** How a device certificate names its device in logs and in the admin list. */
class DeviceIdentityTest {

    private static final TestCertificates.Authority CA = TestCertificates.authority("identity test CA");
    private static final Instant NOW = Instant.now();

    private static TestCertificates.Issued issue(String subject, GeneralName... names) {
        return CA.issue(subject, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), KeyPurposeId.id_kp_clientAuth, names);
    }

    @Test
    void commonName_namesTheDevice() {
        // BouncyCastle encodes names in the order written; RFC 2253 prints them the other way round, as openssl does.
        DeviceIdentity identity = DeviceIdentity.of(issue("O=Acme,OU=line-3,CN=sensor-17").certificate());

        assertThat(identity.name()).isEqualTo("sensor-17");
        assertThat(identity.subject()).isEqualTo("CN=sensor-17,OU=line-3,O=Acme");
        assertThat(identity.fingerprint()).matches("[0-9a-f]{16}");
    }

    @Test
    void withoutACommonName_theFirstAlternativeNameNamesIt() {
        DeviceIdentity identity = DeviceIdentity.of(issue("O=Acme",
                new GeneralName(GeneralName.uniformResourceIdentifier, "urn:device:sensor-17"),
                new GeneralName(GeneralName.dNSName, "sensor-17.devices.acme.example")).certificate());

        assertThat(identity.name()).isEqualTo("sensor-17.devices.acme.example");
    }

    @Test
    void sharedSubjects_areToldApartByFingerprint() {
        DeviceIdentity first = DeviceIdentity.of(issue("CN=AWS IoT Certificate").certificate());
        DeviceIdentity second = DeviceIdentity.of(issue("CN=AWS IoT Certificate").certificate());

        assertThat(first.name()).isEqualTo(second.name());
        assertThat(first.fingerprint()).isNotEqualTo(second.fingerprint());
    }

    @Test
    void adminList_matchesNameOrFullSubject() {
        DeviceIdentity identity = DeviceIdentity.of(issue("O=Acme,CN=operator-1").certificate());

        assertThat(identity.isOneOf(Set.of("operator-1"))).isTrue();
        assertThat(identity.isOneOf(Set.of("CN=operator-1,O=Acme"))).isTrue();
        assertThat(identity.isOneOf(Set.of("operator-2", "CN=operator-1"))).isFalse();
    }
}
