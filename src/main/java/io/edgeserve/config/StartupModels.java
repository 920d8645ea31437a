package io.edgeserve.config;

import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Registers the models in the model folder before the server starts listening, and has them loaded in the
 * background: from the first request on, {@code /ping} knows every configured model and answers 503 with
 * "loading" until they are ready. (Registered any later, an empty registry would read as a healthy
 * multi-model container for a moment, and SageMaker would send traffic to models not yet known.) An absent
 * or empty folder is a multi-model container waiting for {@code POST /models}. The loads start as soon as this
 * bean exists, not once every bean does: they overlap the rest of the context's start, and /ping still waits for them.
 */
@Component
public class StartupModels implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StartupModels.class);

    private final ModelRegistry registry;
    private final EdgeserveProperties properties;

    public StartupModels(ModelRegistry registry, EdgeserveProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        Path dir = properties.effectiveModelDir();
        if (!Files.isDirectory(dir)) {
            log.warn("Model folder {} does not exist; starting with no model", dir.toAbsolutePath());
            return;
        }
        List<ModelLocation> models;
        try {
            models = ModelFolder.discover(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model folder " + dir.toAbsolutePath(), e);
        }
        log.info("Model folder {}: {}", dir.toAbsolutePath(), models.stream().map(ModelLocation::name).toList());
        registry.loadConfigured(models);
    }
}
