package io.edgeserve.config;

import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finds the models in the model folder once the server is listening, so that {@code /ping} answers 503
 * with "loading" while they load rather than not at all. An absent or empty folder is a multi-model
 * container waiting for {@code POST /models}.
 */
@Component
public class StartupModels {

    private static final Logger log = LoggerFactory.getLogger(StartupModels.class);

    private final ModelRegistry registry;
    private final EdgeserveProperties properties;

    public StartupModels(ModelRegistry registry, EdgeserveProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void load() throws IOException {
        Path dir = properties.effectiveModelDir();
        if (!Files.isDirectory(dir)) {
            log.warn("Model folder {} does not exist; starting with no model", dir.toAbsolutePath());
            return;
        }
        List<ModelLocation> models = ModelFolder.discover(dir);
        log.info("Model folder {}: {}", dir.toAbsolutePath(), models.stream().map(ModelLocation::name).toList());
        registry.loadConfigured(models);
    }
}
