package io.edgeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict}, which also checks values.yaml against values.schema.json: the chart lints clean
 * with its defaults and with every option on, and the schema refuses values that would deploy something broken.
 */
class ChartLintTest {

    @TempDir
    Path temp;

    @Test
    void defaultValues_lintWithoutErrorsOrWarnings() {
        assertClean(EdgeserveChart.lint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleValuesFiles")
    void everyExampleValuesFile_lintsWithoutErrorsOrWarnings(Path valuesFile) {
        assertClean(EdgeserveChart.lintWith(temp, valuesFile));
    }

    static List<Path> exampleValuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(EdgeserveChart.DIR.resolve("ci"))) {
            List<Path> found = files.filter(file -> file.toString().endsWith("-values.yaml")).sorted().toList();
            assertThat(found).contains(EdgeserveChart.ALL_OPTIONS, EdgeserveChart.PVC, EdgeserveChart.K3S);
            return found;
        }
    }

    @Test
    void replicaCountAsText_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "replicaCount: two"), "'/replicaCount': got string, want integer");
    }

    @Test
    void missingResources_areRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "resources: null"), "missing property 'resources'");
    }

    @Test
    void missingCpuRequest_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "resources: {requests: {cpu: null}}"), "'/resources/requests': missing property 'cpu'");
    }

    @Test
    void misspeltKey_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "replicas: 2"), "additional properties 'replicas' not allowed");
    }

    @Test
    void latestImageTag_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "image: {tag: latest}"), "'/image/tag'");
    }

    @Test
    void rootUser_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "podSecurityContext: {runAsUser: 0}"), "'/podSecurityContext/runAsUser': minimum");
    }

    @Test
    void modelArchiveWithoutChecksum_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, """
                models:
                  source: archive
                  archive: {url: "https://models.example.com/model.tar.gz"}
                """), "'/models/archive/sha256'");
    }

    @Test
    void modelArchiveWithMalformedChecksum_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, """
                models:
                  source: archive
                  archive: {url: "https://models.example.com/model.tar.gz", sha256: "not-a-digest"}
                """), "'/models/archive/sha256'");
    }

    @Test
    void persistentVolumeClaimWithoutName_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "models: {source: persistentVolumeClaim}"), "'/models/persistentVolumeClaim/claimName'");
    }

    @Test
    void rolloutThatCanNeitherAddNorRemoveAPod_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "rollingUpdate: {maxSurge: 0, maxUnavailable: 0}"), "'/rollingUpdate': 'not' failed");
    }

    @Test
    void extraEnvOverridingAChartSetting_isRefused() {
        assertRefused(EdgeserveChart.lintWith(temp, "config: {extraEnv: {OMP_NUM_THREADS: \"4\"}}"), "invalid propertyName 'OMP_NUM_THREADS'");
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    private static void assertRefused(LintResult result, String schemaError) {
        assertThat(result.isFailed()).as("lint passed: %s", result.getMessages()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("values don't meet the specifications of the schema")
                .contains(schemaError);
    }
}
