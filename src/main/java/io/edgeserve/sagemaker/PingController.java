package io.edgeserve.sagemaker;

import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ModelState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SageMaker's health check: 200 once every model from the model folder has loaded and warmed up, 503 with
 * the models that are not ready and why. It reads only the registry's published states, so it answers at
 * once however busy inference is. Models loaded later through {@code POST /models} do not count: a
 * multi-model container with no model is healthy.
 */
@RestController
public class PingController {

    private final ModelRegistry registry;

    public PingController(ModelRegistry registry) {
        this.registry = registry;
    }

    /** One model that keeps the container from being healthy. */
    public record NotReady(String model, String state, String reason) {}

    /** The body of {@code /ping}. */
    public record Health(String status, Map<String, String> models, List<NotReady> notReady) {}

    @GetMapping(path = "/ping", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Health> ping() {
        Map<String, String> models = new LinkedHashMap<>();
        List<NotReady> notReady = new ArrayList<>();
        for (ModelEntry entry : registry.entries()) {
            ModelEntry.Snapshot snapshot = entry.snapshot();
            models.put(entry.name(), snapshot.state().label());
            if (entry.configured() && snapshot.state() != ModelState.READY) {
                notReady.add(new NotReady(entry.name(), snapshot.state().label(), reasonOf(snapshot)));
            }
        }
        boolean healthy = notReady.isEmpty();
        return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(healthy ? "healthy" : "unhealthy", models, notReady));
    }

    private static String reasonOf(ModelEntry.Snapshot snapshot) {
        return switch (snapshot.state()) {
            case LOADING -> "loading";
            case FAILED -> snapshot.reason();
            case UNLOADING -> "unloading";
            case READY -> null;
        };
    }
}
