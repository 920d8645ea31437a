package io.edgeserve.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The model folder's models are registered before the server takes its first request, so that /ping never
 * reads an empty registry (a healthy multi-model container) while they are about to load.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "edgeserve.model-dir=models")
class StartupModelsTest {

    static final List<String> REGISTERED_WHEN_LISTENING = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class RecordAtServerStart {
        @Bean
        ApplicationListener<WebServerInitializedEvent> recordRegistry(ModelRegistry registry) {
            return event -> registry.entries().stream().map(ModelEntry::name).forEach(REGISTERED_WHEN_LISTENING::add);
        }
    }

    @Autowired
    ModelRegistry registry;

    @Test
    void configuredModels_areRegisteredBeforeTheServerListens() {
        assertThat(REGISTERED_WHEN_LISTENING).containsExactly("iris");
    }
}
