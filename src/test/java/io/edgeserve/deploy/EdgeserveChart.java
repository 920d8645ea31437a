package io.edgeserve.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/edgeserve}, driven through Helm's own code (helm-java runs Helm's Go library
 * in-process: no helm binary, no network). Lint reads only the chart's own values.yaml, so linting other
 * values works on a copy of the chart whose values.yaml has them merged in, as {@code --values} would.
 */
final class EdgeserveChart {

    static final Path DIR = Path.of("helm", "edgeserve").toAbsolutePath();
    static final Path ALL_OPTIONS = DIR.resolve("ci/all-options-values.yaml");
    static final Path PVC = DIR.resolve("ci/pvc-values.yaml");
    static final Path K3S = DIR.resolve("ci/k3s-values.yaml");
    static final String RELEASE = "edge";
    static final String NAMESPACE = "inference";
    /** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion); Helm's in-process default is older. */
    static final String KUBE_VERSION = "1.25.0";

    private static final YAMLMapper YAML = new YAMLMapper();

    private EdgeserveChart() {}

    /** {@code helm template edge helm/edgeserve --namespace inference --kube-version 1.25.0 [-f FILE]...}. */
    static RenderedManifests render(Path... valuesFiles) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        return RenderedManifests.parse(template.call());
    }

    /** {@code helm lint --strict} on the chart as it is. */
    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /** {@code helm lint --strict} on a copy of the chart in {@code temp}, values.yaml merged with {@code overrides}. */
    static LintResult lintWith(Path temp, String overridesYaml) {
        Path copy = copyTo(temp.resolve("edgeserve"));
        try {
            ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
            merge(values, (ObjectNode) YAML.readTree(overridesYaml));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    static LintResult lintWith(Path temp, Path overridesFile) {
        try {
            return lintWith(temp, Files.readString(overridesFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge: maps merge key by key, anything else replaces, and null deletes the key. */
    private static void merge(ObjectNode target, ObjectNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode overrideObject) {
                merge(currentObject, overrideObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static Path copyTo(Path target) {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
