package io.edgeserve.deploy;

import static io.edgeserve.deploy.DefaultReleaseTest.mount;
import static io.edgeserve.deploy.DefaultReleaseTest.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models.source=sync}: the pod follows a signed catalogue itself, with no init container. */
class SyncChartTest {

    private static final Path SYNC = EdgeserveChart.DIR.resolve("ci/sync-values.yaml");
    private static final RenderedManifests RELEASE = EdgeserveChart.render(SYNC);

    @TempDir
    Path temp;

    private static PodSpec pod() {
        return RELEASE.one(Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> settings() {
        String name = RELEASE.one(Deployment.class).getMetadata().getName();
        return RELEASE.all(ConfigMap.class).stream().filter(map -> map.getMetadata().getName().equals(name))
                .findFirst().orElseThrow().getData();
    }

    @Test
    void sync_setsTheSourceAndS3Settings_andNoModelFolder() {
        assertThat(settings()).containsEntry("EDGESERVE_SYNC_SOURCE", "s3://fleet-models/site-a/")
                .containsEntry("EDGESERVE_SYNC_S3_ENDPOINT", "https://minio.example.com")
                .containsEntry("EDGESERVE_SYNC_S3_PATH_STYLE", "true")
                .containsEntry("EDGESERVE_SYNC_INTERVAL", "10m")
                .doesNotContainKey("EDGESERVE_MODEL_DIR");
        assertThat(pod().getInitContainers()).isEmpty();
    }

    @Test
    void syncFolder_isTheClaim_writable() {
        Container edgeserve = pod().getContainers().getFirst();
        var folder = mount(edgeserve, settings().get("EDGESERVE_SYNC_DIR"));
        assertThat(folder.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(pod(), folder.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo("edgeserve-sync");
    }

    @Test
    void publicKeys_areMountedAsTheFilesTheSettingNames() {
        Container edgeserve = pod().getContainers().getFirst();
        String file = settings().get("EDGESERVE_SYNC_PUBLIC_KEYS");
        assertThat(file).isEqualTo("/etc/edgeserve/sync-keys/key-0.pem");
        var keys = mount(edgeserve, "/etc/edgeserve/sync-keys");
        assertThat(keys.getReadOnly()).isTrue();
        ConfigMap map = RELEASE.all(ConfigMap.class).stream()
                .filter(candidate -> candidate.getMetadata().getName().endsWith("-sync-keys")).findFirst().orElseThrow();
        assertThat(volume(pod(), keys.getName()).getConfigMap().getName()).isEqualTo(map.getMetadata().getName());
        assertThat(map.getData().get("key-0.pem")).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void credentials_comeFromTheNamedSecret() {
        Container edgeserve = pod().getContainers().getFirst();
        assertThat(edgeserve.getEnvFrom()).filteredOn(source -> source.getSecretRef() != null)
                .extracting(source -> source.getSecretRef().getName()).containsExactly("edgeserve-s3-credentials");
    }

    @Test
    void syncWithoutPublicKeys_isRefused() {
        var result = EdgeserveChart.lintWith(temp, """
                models:
                  source: sync
                  sync: {url: "s3://fleet/site/"}
                """);
        assertThat(result.isFailed()).as("lint passed: %s", result.getMessages()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("publicKeys");
    }
}
