package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access keys from a properties file, a JSON file or {@code ID:SECRET} entries, and secrets kept out of messages. */
class AccessKeysTest {

    @TempDir
    Path dir;

    @Test
    void propertiesFile_isRead() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.properties"), "# devices\nAKIADEVICE000001=secret/one\n");

        AccessKeys keys = AccessKeys.load(file, List.of());

        assertThat(keys.contains("AKIADEVICE000001")).isTrue();
        assertThat(keys.signingKey("AKIADEVICE000001", "20260314", "us-east-1", "sagemaker")).isPresent();
    }

    @Test
    void jsonFile_isRead() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.json"), "{\"AKIADEVICE000001\": \"s1\", \"AKIADEVICE000002\": \"s2\"}");

        AccessKeys keys = AccessKeys.load(file, List.of());

        assertThat(keys.contains("AKIADEVICE000001")).isTrue();
        assertThat(keys.contains("AKIADEVICE000002")).isTrue();
    }

    @Test
    void entries_addToTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.properties"), "AKIADEVICE000001=s1\n");

        AccessKeys keys = AccessKeys.load(file, List.of("AKIADEVICE000002:s2"));

        assertThat(keys.contains("AKIADEVICE000001")).isTrue();
        assertThat(keys.contains("AKIADEVICE000002")).isTrue();
    }

    @Test
    void signingKey_isAwsDerivation() {
        // AWS's documented example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830, us-east-1, iam.
        AccessKeys keys = AccessKeys.load(null, List.of("AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

        byte[] key = keys.signingKey("AKIDEXAMPLE", "20150830", "us-east-1", "iam").orElseThrow();

        assertThat(java.util.HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void malformedJson_isRefusedWithoutQuotingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.json"), "{\"AKIADEVICE000001\": \"top-secret-value\"");

        assertThatThrownBy(() -> AccessKeys.load(file, List.of()))
                .hasMessageContaining("not a JSON object")
                .hasMessageNotContaining("top-secret-value");
    }

    @Test
    void secretWithWhiteSpace_isRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> AccessKeys.load(null, List.of("AKIADEVICE000001:top secret")))
                .hasMessageContaining("AKIADEVICE000001")
                .hasMessageNotContaining("top secret");
    }

    @Test
    void toString_namesKeyIdsOnly() {
        assertThat(AccessKeys.load(null, List.of("AKIADEVICE000001:top-secret-value")))
                .hasToString("AccessKeys[AKIADEVICE000001]");
    }
}
