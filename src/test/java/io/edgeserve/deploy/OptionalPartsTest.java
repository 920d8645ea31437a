package io.edgeserve.deploy;

import static io.edgeserve.deploy.DefaultReleaseTest.assertLockedDown;
import static io.edgeserve.deploy.DefaultReleaseTest.mount;
import static io.edgeserve.deploy.DefaultReleaseTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release with every option on (ci/all-options-values.yaml: HTTPS ingress, autoscaling, ServiceMonitor,
 * Grafana dashboard, a model archive with its checksum, manifests) and with models from a volume claim.
 */
class OptionalPartsTest {

    private static final RenderedManifests ALL_OPTIONS = EdgeserveChart.render(EdgeserveChart.ALL_OPTIONS);
    private static final RenderedManifests FROM_CLAIM = EdgeserveChart.render(EdgeserveChart.PVC);

    private final Deployment deployment = ALL_OPTIONS.one(Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container edgeserve = pod.getContainers().getFirst();
    private final Service service = ALL_OPTIONS.one(Service.class);

    @Test
    void ingress_routesEveryPathToTheServiceOverTls() {
        Ingress ingress = ALL_OPTIONS.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().getFirst().getHttp().getPaths();
        assertThat(paths).isNotEmpty().allSatisfy(path -> {
            assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
            assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(service.getSpec().getPorts().getFirst().getPort());
        });
        IngressTLS tls = ingress.getSpec().getTls().getFirst();
        assertThat(tls.getSecretName()).isEqualTo("edgeserve-tls");
        assertThat(tls.getHosts()).containsExactly(ingress.getSpec().getRules().getFirst().getHost());
    }

    @Test
    void autoscaler_scalesTheDeploymentOnCpu_andTheDeploymentLeavesReplicasToIt() {
        HorizontalPodAutoscaler autoscaler = ALL_OPTIONS.one(HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(autoscaler.getSpec().getMetrics().getFirst().getResource().getName()).isEqualTo("cpu");
        assertThat(deployment.getSpec().getReplicas()).isNull();
    }

    @Test
    void serviceMonitor_scrapesTheMetricsPathThroughTheServicesNamedPort() {
        GenericKubernetesResource monitor = ALL_OPTIONS.generic("ServiceMonitor");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").getFirst();
        assertThat(endpoint).containsEntry("path", "/metrics")
                .containsEntry("port", service.getSpec().getPorts().getFirst().getName());
        assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames")).containsExactly(EdgeserveChart.NAMESPACE);
    }

    @Test
    void dashboard_isAConfigMapForGrafanasSidecarHoldingTheChartsDashboard() throws IOException {
        ConfigMap dashboard = ALL_OPTIONS.all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "edgeserve");
        String json = dashboard.getData().get("edgeserve-dashboard.json");
        JsonNode rendered = new ObjectMapper().readTree(json);
        assertThat(rendered).isEqualTo(new ObjectMapper().readTree(Files.readString(DashboardTest.CHART_COPY)));
        assertThat(rendered.get("title").asText()).isNotBlank();
    }

    @Test
    void modelArchive_isFetchedAndCheckedByAnInitContainer() {
        Container fetch = pod.getInitContainers().getFirst();
        assertThat(fetch.getName()).isEqualTo("fetch-model");
        assertThat(fetch.getImage()).isEqualTo("curlimages/curl:8.11.1");
        assertThat(fetch.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("MODEL_URL", "https://models.example.com/iris/model.tar.gz"),
                tuple("MODEL_SHA256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                tuple("MODELS_DIR", fetch.getVolumeMounts().getFirst().getMountPath()));
        String script = String.join("\n", fetch.getCommand());
        assertThat(script).contains("sha256sum -c").contains("\"$MODEL_URL\"").doesNotContain("models.example.com");
        assertThat(script.indexOf("sha256sum -c")).isLessThan(script.indexOf("tar -xzf"));
        assertLockedDown(fetch.getSecurityContext());
        assertThat(fetch.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void modelArchive_isUnpackedIntoAnEmptyDirThatEdgeserveMountsReadOnly() {
        Container fetch = pod.getInitContainers().getFirst();
        VolumeMount written = fetch.getVolumeMounts().getFirst();
        VolumeMount read = mount(edgeserve, "/opt/ml/model");
        assertThat(read.getName()).isEqualTo(written.getName());
        assertThat(read.getReadOnly()).isTrue();
        assertThat(written.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(pod, read.getName()).getEmptyDir()).isNotNull();
        assertThat(settingsOf(ALL_OPTIONS)).containsEntry("EDGESERVE_MODEL_DIR", "/opt/ml/model");
    }

    @Test
    void manifests_areMountedWhereEdgeserveLooksForThem() throws IOException {
        ConfigMap manifests = ALL_OPTIONS.all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().endsWith("-manifests")).findFirst().orElseThrow();
        JsonNode iris = new ObjectMapper().readTree(manifests.getData().get("iris.json"));
        assertThat(iris.get("prefix").asText()).isEqualTo("iris");
        String dir = settingsOf(ALL_OPTIONS).get("EDGESERVE_MANIFEST_DIR");
        VolumeMount mount = mount(edgeserve, dir);
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume(pod, mount.getName()).getConfigMap().getName()).isEqualTo(manifests.getMetadata().getName());
    }

    @Test
    void extraEnvironment_reachesTheSettings() {
        assertThat(settingsOf(ALL_OPTIONS)).containsEntry("EDGESERVE_MODELS_MEMORY_BUDGET", "1GB");
    }

    @Test
    void persistentVolumeClaim_isMountedReadOnlyWithoutAnInitContainer() {
        PodSpec claimPod = FROM_CLAIM.one(Deployment.class).getSpec().getTemplate().getSpec();
        VolumeMount models = mount(claimPod.getContainers().getFirst(), "/opt/ml/model");
        assertThat(models.getReadOnly()).isTrue();
        assertThat(models.getSubPath()).isEqualTo("production");
        var claim = volume(claimPod, models.getName()).getPersistentVolumeClaim();
        assertThat(claim.getClaimName()).isEqualTo("edgeserve-models");
        assertThat(claim.getReadOnly()).isTrue();
        assertThat(claimPod.getInitContainers()).isEmpty();
    }

    @Test
    void nodePortService_keepsItsChosenPort() {
        Service nodePort = FROM_CLAIM.one(Service.class);
        assertThat(nodePort.getSpec().getType()).isEqualTo("NodePort");
        assertThat(nodePort.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(30080);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.edgeserve.deploy.ChartLintTest#exampleValuesFiles")
    void everyExampleValuesFile_rendersADeploymentWithMatchingSelectors(Path valuesFile) {
        RenderedManifests release = EdgeserveChart.render(valuesFile);
        Deployment rendered = release.one(Deployment.class);
        Map<String, String> podLabels = rendered.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(rendered.getSpec().getSelector().getMatchLabels())
                .containsAllEntriesOf(release.one(Service.class).getSpec().getSelector());
        assertThat(rendered.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().getRequests())
                .containsKeys("cpu", "memory");
    }

    private static Map<String, String> settingsOf(RenderedManifests release) {
        String name = release.one(Deployment.class).getMetadata().getName();
        return release.all(ConfigMap.class).stream().filter(map -> map.getMetadata().getName().equals(name))
                .findFirst().orElseThrow().getData();
    }
}
