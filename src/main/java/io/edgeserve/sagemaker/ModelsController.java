package io.edgeserve.sagemaker;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SageMaker's multi-model endpoint API, as the platform calls it: load ({@code POST /models}), list, describe
 * and unload. Inference on a named model is {@code POST /models/{name}/invoke}, in {@link InvocationsController}.
 */
@RestController
public class ModelsController {

    /** Names become URL path segments and log fields: keep them to what SageMaker and file systems accept. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");
    private static final int MAX_LOAD_BODY_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelRegistry registry;
    private final ModelUrlPolicy urls;

    public ModelsController(ModelRegistry registry, EdgeserveProperties properties) {
        this.registry = registry;
        List<java.nio.file.Path> roots = new ArrayList<>(properties.models().allowedRoots());
        roots.add(properties.effectiveModelDir());
        this.urls = new ModelUrlPolicy(roots);
    }

    /** One entry of {@code GET /models}, in SageMaker's field names. */
    public record ModelSummary(String modelName, String modelUrl) {}

    /** The body of {@code GET /models}. */
    public record ModelList(List<ModelSummary> models, String nextPageToken) {}

    @PostMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ModelDescription> load(@RequestBody(required = false) byte[] body) {
        JsonNode request = parseLoadRequest(body);
        String name = requiredText(request, "model_name");
        String url = requiredText(request, "url");
        if (!NAME.matcher(name).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "model_name '" + name
                    + "' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        ModelManifest manifest = inlineManifest(request);
        ModelEntry entry = registry.load(name, new ModelLocation(name, urls.resolve(url), manifest));
        return ResponseEntity.ok(ModelDescription.of(entry));
    }

    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelList list(@RequestParam(name = "next_page_token", required = false) String pageToken,
            @RequestParam(name = "max_results", defaultValue = "100") int maxResults) {
        if (maxResults < 1 || maxResults > 1000) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "max_results must be between 1 and 1000");
        }
        List<ModelEntry> page = registry.page(decodeToken(pageToken), maxResults + 1);
        boolean more = page.size() > maxResults;
        List<ModelSummary> models = page.stream().limit(maxResults)
                .map(entry -> new ModelSummary(entry.name(), entry.location().path().toString()))
                .toList();
        return new ModelList(models, more ? encodeToken(models.getLast().modelName()) : null);
    }

    @GetMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelDescription describe(@PathVariable String name) {
        return registry.entry(name).map(ModelDescription::of).orElseThrow(() ->
                new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model named '" + name + "' is loaded").with("model", name));
    }

    @DeleteMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> unload(@PathVariable String name) {
        registry.unload(name);
        return ResponseEntity.ok().build();
    }

    private static JsonNode parseLoadRequest(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the body must be {\"model_name\": \"...\", \"url\": \"...\"}");
        }
        if (body.length > MAX_LOAD_BODY_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "a load request is at most " + MAX_LOAD_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "the body must be a JSON object with model_name and url");
            }
            return node;
        } catch (JacksonException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The manifest given as {@code "manifest": {...}}, the same schema as {@code edgeserve.json}; null if none. */
    private static ModelManifest inlineManifest(JsonNode request) {
        JsonNode manifest = request.get("manifest");
        if (manifest == null || manifest.isNull()) {
            return null;
        }
        try {
            return ManifestReader.parse(manifest);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "\"manifest\" is not a valid manifest: "
                    + e.getMessage());
        }
    }

    private static String requiredText(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "\"" + field + "\" is required and must be a non-empty string");
        }
        return value.asString();
    }

    private static String encodeToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "next_page_token is not a token this service issued");
        }
    }
}
