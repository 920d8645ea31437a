package io.edgeserve.sagemaker;

import static io.edgeserve.problem.ProblemType.DEADLINE_EXCEEDED;
import static io.edgeserve.problem.ProblemType.ENGINE_FAILURE;
import static io.edgeserve.problem.ProblemType.MALFORMED_BODY;
import static io.edgeserve.problem.ProblemType.MODEL_NOT_READY;
import static io.edgeserve.problem.ProblemType.QUEUE_FULL;
import static io.edgeserve.problem.ProblemType.SHAPE_MISMATCH;
import static io.edgeserve.problem.ProblemType.UNSUPPORTED_MEDIA_TYPE;
import static io.edgeserve.problem.ProblemType.VARIANT_NOT_AVAILABLE;
import static io.edgeserve.problem.ProblemType.INSUFFICIENT_MEMORY;
import static io.edgeserve.problem.ProblemType.INVALID_MODEL;
import static io.edgeserve.problem.ProblemType.INVALID_REQUEST;
import static io.edgeserve.problem.ProblemType.MODEL_ALREADY_LOADED;
import static io.edgeserve.problem.ProblemType.MODEL_NOT_FOUND;
import static io.edgeserve.problem.ProblemType.MODEL_URL_REFUSED;
import static io.edgeserve.problem.ProblemType.PAYLOAD_TOO_LARGE;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.inference.precision.PrecisionAgreement;
import io.edgeserve.model.ManifestReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemResponses;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;
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
@Tag(name = "Models", description = "SageMaker's multi-model API: load, list, describe and unload models")
@RestController
public class ModelsController {

    /** Names become URL path segments and log fields: keep them to what SageMaker and file systems accept. */
    private static final String TOKEN_PREFIX = "after:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}(:\\d{1,9})?");
    private static final int MAX_LOAD_BODY_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelRegistry registry;
    private final ModelUrlPolicy urls;
    private final InvocationService invocations;
    private final DataSize maxRequestSize;

    public ModelsController(ModelRegistry registry, InvocationService invocations, EdgeserveProperties properties) {
        this.registry = registry;
        this.invocations = invocations;
        this.maxRequestSize = properties.maxRequestSize();
        List<java.nio.file.Path> roots = new ArrayList<>(properties.models().allowedRoots());
        roots.add(properties.effectiveModelDir());
        this.urls = new ModelUrlPolicy(roots);
    }

    /** One entry of {@code GET /models}, in SageMaker's field names. */
    public record ModelSummary(@Schema(example = "iris") String modelName,
                               @Schema(example = "/opt/ml/model/iris") String modelUrl) {}

    /** The body of {@code GET /models}. */
    public record ModelList(List<ModelSummary> models,
                            @Schema(description = "pass as next_page_token for the next page; absent on the last") String nextPageToken) {}

    @Operation(operationId = "loadModel", summary = "Load a model",
            description = "Loads the model folder at `url` and serves it as `model_name` once it has loaded; idle "
                    + "models may be unloaded to fit the memory budget.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(ref = ApiDescription.LOAD_MODEL))
    @ApiResponse(responseCode = "200", description = "The model has loaded and serves requests.")
    @ProblemResponses({INVALID_REQUEST, INVALID_MODEL, MODEL_URL_REFUSED, MODEL_ALREADY_LOADED, PAYLOAD_TOO_LARGE, INSUFFICIENT_MEMORY})
    @PostMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ModelDescription> load(
            @Parameter(hidden = true) @RequestBody(required = false) byte[] body) {
        JsonNode request = parseLoadRequest(body);
        String name = requiredText(request, "model_name");
        String url = requiredText(request, "url");
        if (!NAME.matcher(name).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "model_name '" + name
                    + "' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit,"
                    + " optionally followed by :VERSION");
        }
        ModelManifest manifest = inlineManifest(request);
        ModelEntry entry = registry.load(name, new ModelLocation(name, urls.resolve(url), manifest));
        return ResponseEntity.ok(ModelDescription.of(entry, registry.derivedOnFirstUse(entry)));
    }

    @Operation(operationId = "listModels", summary = "List the models", description = "Every model, by name, a page at a time.")
    @ApiResponse(responseCode = "200", description = "A page of models.")
    @ProblemResponses(INVALID_REQUEST)
    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelList list(
            @Parameter(description = "The nextPageToken of the previous page.")
            @RequestParam(name = "next_page_token", required = false) String pageToken,
            @Parameter(description = "The most models on one page.", schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
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

    @Operation(operationId = "describeModel", summary = "Describe a model",
            description = "Its state, inputs and outputs, sizes and timings.")
    @ApiResponse(responseCode = "200", description = "The model.")
    @ProblemResponses(MODEL_NOT_FOUND)
    @GetMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelDescription describe(@Parameter(description = "The model's name; NAME alone describes its latest version.",
            example = "iris") @PathVariable String name) {
        return registry.describe(name).map(entry -> ModelDescription.of(entry, registry.derivedOnFirstUse(entry))).orElseThrow(() ->
                new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model named '" + name + "' is loaded").with("model", name));
    }

    @Operation(operationId = "unloadModel", summary = "Unload a model",
            description = "Stops taking requests for the model, lets queued ones finish, and frees it.")
    @ApiResponse(responseCode = "200", description = "The model is unloaded; the body is empty.", content = @Content)
    @ProblemResponses(MODEL_NOT_FOUND)
    @DeleteMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> unload(@Parameter(description = "The model's name.", example = "iris-copy") @PathVariable String name) {
        registry.unload(name);
        return ResponseEntity.ok().build();
    }

    /**
     * Runs the probe batch in the body through the model's float32 and float16 variants (deriving the latter
     * if need be) and reports how far apart their outputs are and how often their top-1 classes agree.
     */
    @Operation(operationId = "precisionCheck", summary = "Compare a model's float32 and float16 variants",
            description = "Runs the probe batch in the body through both variants (deriving float16 if need be) and reports "
                    + "the largest and mean absolute differences over all their outputs and how many rows agree on the top-1 class "
                    + "in every output.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(ref = ApiDescription.TENSORS))
    @ApiResponse(responseCode = "200", description = "How far the variants' answers are apart.")
    @ProblemResponses({MALFORMED_BODY, SHAPE_MISMATCH, INVALID_REQUEST, MODEL_NOT_FOUND, VARIANT_NOT_AVAILABLE,
            PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ENGINE_FAILURE, MODEL_NOT_READY, QUEUE_FULL, DEADLINE_EXCEEDED})
    @PostMapping(path = "/models/{name}/precision-check", produces = MediaType.APPLICATION_JSON_VALUE)
    public PrecisionAgreement precisionCheck(
            @Parameter(description = "The model's name.", example = "iris") @PathVariable String name,
            HttpServletRequest request) throws IOException {
        return invocations.comparePrecisions(HttpInvocations.request(request, name, null, null, maxRequestSize));
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

    /** A page token names the last model of the page before, behind a prefix that any other text lacks. */
    private static String encodeToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastName).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith(TOKEN_PREFIX) || !NAME.matcher(decoded.substring(TOKEN_PREFIX.length())).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "next_page_token is not a token this service issued;"
                    + " pass the nextPageToken of the previous page, or none for the first page");
        }
        return decoded.substring(TOKEN_PREFIX.length());
    }
}
