package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.EdgeserveApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The gateway profile without its certificate refuses to start with one message naming the setting and the file. */
@ExtendWith(OutputCaptureExtension.class)
class MissingCertificateTest {

    @Test
    void missingCertificate_isOneMessageNamingTheSettingAndTheFile(CapturedOutput output) throws IOException {
        Path gatewayDir = Files.createTempDirectory("edgeserve-no-certificate-");
        Files.writeString(gatewayDir.resolve("access-keys.properties"), "AKIAMISSINGCERT0001=missing-certificate-secret-0123\n");
        Files.writeString(gatewayDir.resolve("management-tokens"), "management-token-0123456789abcdef\n");

        assertThatThrownBy(() -> new SpringApplicationBuilder(EdgeserveApplication.class).profiles("gateway")
                .run("--edgeserve.gateway.dir=" + gatewayDir, "--server.port=0", "--edgeserve.security.https.port=0",
                        "--edgeserve.model-dir=" + gatewayDir.resolve("models"))).isInstanceOf(Exception.class);

        String log = output.getAll();
        assertThat(log).contains("edgeserve cannot start HTTPS: spring.ssl.bundle.pem.edgeserve.keystore.certificate names "
                + gatewayDir.resolve("tls/server.crt") + ", which does not exist");
        assertThat(log).contains("EDGESERVE_GATEWAY_DIR").doesNotContain("Caused by").doesNotContain("\tat ");
    }
}
