package io.edgeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release {@code helm install edge helm/edgeserve} makes with the default values. */
class DefaultReleaseTest {

    private static final RenderedManifests RELEASE = EdgeserveChart.render();

    private final Deployment deployment = RELEASE.one(Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container edgeserve = pod.getContainers().getFirst();

    @Test
    void rendersTheCoreObjectsAndNoOptionalOnes() {
        assertThat(RELEASE.kinds()).containsExactlyInAnyOrder(
                "ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget");
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("edgeserve");
        assertThat(pod.getInitContainers()).isEmpty();
    }

    @Test
    void everyProbe_callsPingOnTheHttpPort() {
        for (Probe probe : List.of(edgeserve.getStartupProbe(), edgeserve.getReadinessProbe(), edgeserve.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/ping");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
    }

    @Test
    void startupProbe_allowsMinutesForModelsToLoad() {
        assertThat(windowSeconds(edgeserve.getStartupProbe())).isGreaterThanOrEqualTo(300);
    }

    @Test
    void livenessProbe_givesABusyPodMoreTimeThanReadinessDoes() {
        Probe liveness = edgeserve.getLivenessProbe();
        Probe readiness = edgeserve.getReadinessProbe();
        assertThat(liveness.getTimeoutSeconds()).isGreaterThanOrEqualTo(readiness.getTimeoutSeconds()).isGreaterThanOrEqualTo(5);
        assertThat(liveness.getFailureThreshold()).isGreaterThan(1);
        assertThat(windowSeconds(liveness)).isGreaterThanOrEqualTo(60).isGreaterThan(windowSeconds(readiness));
    }

    @Test
    void pod_runsAsTheNonRootUser1000() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(RELEASE.one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void container_hasAReadOnlyRootNoPrivilegeEscalationAndNoCapabilities() {
        assertLockedDown(edgeserve.getSecurityContext());
    }

    @Test
    void container_requestsCpuAndMemoryAndIsLimitedInMemory() {
        assertThat(edgeserve.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(edgeserve.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void tmp_isAWritableEmptyDir() {
        VolumeMount tmp = mount(edgeserve, "/tmp");
        assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
    }

    @Test
    void withoutAModelSource_nothingIsMountedOnTheModelFolder() {
        assertThat(edgeserve.getVolumeMounts()).extracting(VolumeMount::getMountPath).doesNotContain("/opt/ml/model");
        assertThat(settings()).doesNotContainKey("EDGESERVE_MODEL_DIR");
    }

    @Test
    void selectors_matchThePodsLabels() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(RELEASE.one(Service.class).getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(RELEASE.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/instance", EdgeserveChart.RELEASE)
                .doesNotContainKeys("app.kubernetes.io/version", "helm.sh/chart");
    }

    @Test
    void service_reachesTheContainerPortByName() {
        ServicePort port = RELEASE.one(Service.class).getSpec().getPorts().getFirst();
        assertThat(port.getPort()).isEqualTo(8080);
        assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(edgeserve.getPorts()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo("http");
            assertThat(container.getContainerPort()).isEqualTo(8080);
        });
        assertThat(settings()).containsEntry("SAGEMAKER_BIND_TO_PORT", "8080");
    }

    @Test
    void container_runsServeAsSageMakerDoes() {
        assertThat(edgeserve.getArgs()).containsExactly("serve");
    }

    @Test
    void settings_comeFromTheConfigMapAsEnvironmentVariables() {
        assertThat(edgeserve.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo(settingsMap().getMetadata().getName()));
        assertThat(settings())
                .containsEntry("SAGEMAKER_MODEL_SERVER_WORKERS", "2")
                .containsEntry("SAGEMAKER_MODEL_SERVER_TIMEOUT", "60")
                .containsEntry("EDGESERVE_WORK_DIR", "/tmp/edgeserve")
                .containsEntry("EDGESERVE_MAX_REQUEST_SIZE", "6MB")
                .containsEntry("EDGESERVE_SHUTDOWN_GRACE", "30s")
                .containsEntry("MXNET_ENGINE_TYPE", "NaiveEngine")
                .containsEntry("OMP_NUM_THREADS", "1");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
    }

    @Test
    void rollout_startsANewPodBeforeStoppingAnOldOne() {
        var rollingUpdate = deployment.getSpec().getStrategy().getRollingUpdate();
        assertThat(rollingUpdate.getMaxUnavailable().getIntVal()).isZero();
        assertThat(rollingUpdate.getMaxSurge().getIntVal()).isEqualTo(1);
    }

    @Test
    void terminationGrace_outlastsTheShutdownGrace() {
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(30L);
    }

    @Test
    void image_isPinnedToTheChartsAppVersion() throws IOException {
        String appVersion = new YAMLMapper().readTree(EdgeserveChart.DIR.resolve("Chart.yaml").toFile()).get("appVersion").asText();
        assertThat(edgeserve.getImage()).isEqualTo("edgeserve:" + appVersion).doesNotEndWith(":latest");
    }

    static void assertLockedDown(SecurityContext context) {
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isEmpty();
    }

    static VolumeMount mount(Container container, String path) {
        return container.getVolumeMounts().stream().filter(mount -> path.equals(mount.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> name.equals(volume.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static int windowSeconds(Probe probe) {
        return probe.getPeriodSeconds() * probe.getFailureThreshold();
    }

    private static ConfigMap settingsMap() {
        return RELEASE.all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().equals(RELEASE.one(Deployment.class).getMetadata().getName()))
                .findFirst().orElseThrow();
    }

    private static Map<String, String> settings() {
        return settingsMap().getData();
    }
}
