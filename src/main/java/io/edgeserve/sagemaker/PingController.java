package io.edgeserve.sagemaker;

import io.edgeserve.invocation.TransportStatus;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.StartupLoad;
import io.edgeserve.registry.ModelState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 * multi-model container with no model is healthy. Front ends with a link of their own (MQTT's broker) are shown
 * under {@code transports}, read through {@link TransportStatus}, and never make the container unhealthy: HTTP
 * serves whatever their state.
 */
@Tag(name = "Health", description = "SageMaker's health check")
@RestController
public class PingController {

    private final ModelRegistry registry;
    private final List<TransportStatus> transports;
    private final List<StartupLoad> startupLoads;

    public PingController(ModelRegistry registry, List<TransportStatus> transports, List<StartupLoad> startupLoads) {
        this.registry = registry;
        this.transports = List.copyOf(transports);
        this.startupLoads = List.copyOf(startupLoads);
    }

    /** One model that keeps the container from being healthy. */
    @Schema(description = "A model from the model folder that is not ready, or model sync still restoring the models "
            + "it served before the restart.")
    public record NotReady(
            @Schema(description = "the model, or \"model sync\"", example = "iris") String model,
            @Schema(description = "loading, ready, failed or unloading", example = "loading") String state,
            @Schema(description = "why it is not ready; for a failed model, the load error", example = "loading") String reason) {}

    /** The body of {@code /ping}. */
    @Schema(description = "The container's health and the state of every model.")
    public record Health(
            @Schema(description = "healthy or unhealthy", example = "healthy") String status,
            @Schema(description = "every model by name, with its state") Map<String, String> models,
            List<NotReady> notReady,
            @Schema(description = "front ends with a link of their own, such as MQTT's broker connection, by "
                    + "transport; absent where there are none. Informational: it never makes the container unhealthy")
            Map<String, Map<String, String>> transports) {}

    @Operation(operationId = "ping", summary = "Health check",
            description = "200 once every model in the model folder has loaded and warmed up, and model sync (where "
                    + "configured) has restored the models it served before a restart; 503 naming each model "
                    + "that is not ready and why. Models loaded by `POST /models` do not count, so a multi-model "
                    + "container with no model is healthy. Answers at once however busy inference is.")
    @ApiResponse(responseCode = "200", description = "Every model from the model folder is ready.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Health.class),
                    examples = @ExampleObject(name = "healthy", summary = "The bundled iris model is ready",
                            value = "{\"status\": \"healthy\", \"models\": {\"iris\": \"ready\"}, \"notReady\": []}")))
    @ApiResponse(responseCode = "503", description = "A model from the model folder is loading or failed to load.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Health.class),
                    examples = @ExampleObject(name = "loading", summary = "The bundled iris model is still loading", value = "{\"status\": \"unhealthy\", "
                            + "\"models\": {\"iris\": \"loading\"}, "
                            + "\"notReady\": [{\"model\": \"iris\", \"state\": \"loading\", \"reason\": \"loading\"}]}")))
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
        for (StartupLoad load : startupLoads) {
            String pending = load.pending();
            if (pending != null) {
                notReady.add(new NotReady(load.name(), "loading", pending));
            }
        }
        boolean healthy = notReady.isEmpty();
        return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(healthy ? "healthy" : "unhealthy", models, notReady, transports()));
    }

    /** Each transport's state and details, or null (left out of the body) where no front end has a link. */
    private Map<String, Map<String, String>> transports() {
        if (transports.isEmpty()) {
            return null;
        }
        Map<String, Map<String, String>> states = new LinkedHashMap<>();
        for (TransportStatus transport : transports) {
            Map<String, String> state = new LinkedHashMap<>();
            state.put("state", transport.state());
            state.putAll(transport.details());
            states.put(transport.transport().label(), state);
        }
        return states;
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
