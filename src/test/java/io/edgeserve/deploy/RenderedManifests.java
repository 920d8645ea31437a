package io.edgeserve.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code helm template} rendered, each document parsed into fabric8's typed Kubernetes model (a
 * {@code Deployment}, a {@code Service}...); kinds fabric8 has no class for, such as the Prometheus
 * Operator's ServiceMonitor, become a {@link GenericKubernetesResource}. A document that is not valid
 * Kubernetes YAML fails the parse, and so the test.
 */
record RenderedManifests(String yaml, List<HasMetadata> resources) {

    private static final YAMLMapper YAML = new YAMLMapper();

    static RenderedManifests parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        try (MappingIterator<KubernetesResource> documents = YAML.readerFor(KubernetesResource.class).readValues(yaml)) {
            while (documents.hasNext()) {
                KubernetesResource document = documents.next();
                if (document != null) {
                    resources.add((HasMetadata) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedManifests(yaml, List.copyOf(resources));
    }

    List<String> kinds() {
        return resources.stream().map(HasMetadata::getKind).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The only resource of this type; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + kinds());
        }
        return found.getFirst();
    }

    /** The only resource of this kind that fabric8 parsed generically. */
    GenericKubernetesResource generic(String kind) {
        List<GenericKubernetesResource> found = all(GenericKubernetesResource.class).stream()
                .filter(resource -> kind.equals(resource.getKind())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", rendered " + kinds());
        }
        return found.getFirst();
    }
}
