package io.edgeserve.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Describes problem responses in the OpenAPI document from {@link ProblemType}, the one table, so the description
 * cannot drift from what {@link ProblemAdvice} writes: each operation gets the problems its
 * {@link ProblemResponses} names, one {@code application/problem+json} response per status with an example of
 * each type, and the document gets the {@code Problem} schema they share. A response an operation declares
 * itself for the same status (such as {@code /ping}'s 503 health body) is kept.
 */
@Component
public class ProblemDocumentation implements OperationCustomizer, OpenApiCustomizer {

    public static final String SCHEMA = "Problem";
    private static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;
    private static final List<String> TENSOR_TYPES = List.of("application/json", "text/csv", "application/x-npy",
            "application/x-npz");

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.getBeanType().isAnnotationPresent(NotProblemJson.class)) {
            return operation;
        }
        Set<ProblemType> types = EnumSet.of(ProblemType.INTERNAL_ERROR);
        ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
        if (declared != null) {
            types.addAll(List.of(declared.value()));
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<Integer, List<ProblemType>> byStatus = types.stream()
                .collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, problems) ->
                operation.getResponses().putIfAbsent(String.valueOf(status), response(problems)));
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(SCHEMA, schema());
    }

    private static ApiResponse response(List<ProblemType> problems) {
        MediaType media = new MediaType().schema(new JsonSchema().$ref(SCHEMA_REF));
        StringBuilder description = new StringBuilder();
        for (ProblemType problem : problems) {
            description.append(description.isEmpty() ? "" : "; ").append(problem.title()).append(" (`").append(problem.slug()).append("`)");
            media.addExamples(problem.slug(), new Example().summary(problem.title()).value(example(problem)));
        }
        ApiResponse response = new ApiResponse().description(description.toString())
                .content(new Content().addMediaType(ProblemAdvice.PROBLEM_JSON.toString(), media));
        if (problems.contains(ProblemType.QUEUE_FULL)) {
            response.addHeaderObject("Retry-After", new Header()
                    .description("Seconds to wait before retrying; sent with `queue-full`.")
                    .schema(new JsonSchema().types(Set.of("integer")).minimum(BigDecimal.ONE)));
        }
        return response;
    }

    /**
     * A problem body as {@link ProblemAdvice} writes it for {@code type}, with a typical detail; the switch has no
     * default, so a new type does not compile until it has an example.
     */
    static Map<String, Object> example(ProblemType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.putAll(switch (type) {
            case MALFORMED_REQUEST -> members("detail", "the request target contains a byte that is not allowed: control bytes,"
                    + " NUL, spaces and non-ASCII bytes must be percent-encoded");
            case EXPECTATION_FAILED -> members("detail", "only 'Expect: 100-continue' is supported");
            case NOT_IMPLEMENTED -> members("detail", "the method CONNECT is not implemented here");
            case HTTP_VERSION_NOT_SUPPORTED -> members("detail", "only HTTP/1.1 and HTTP/1.0 are served");
            case MALFORMED_BODY -> members("detail", "the body is not valid JSON: Unexpected end-of-input within/between Array entries, at line 1, column 7");
            case SHAPE_MISMATCH -> members("detail", "input 'data' expects shape (N, 4), received (1, 3): each example must have 4 values, laid out as (4,)",
                    "expectedShape", "(N, 4)", "input", "data", "receivedShape", "(1, 3)");
            case MODEL_NOT_SPECIFIED -> members("detail", "several models are loaded [iris, iris-copy]: name one in the X-Amzn-SageMaker-Target-Model header");
            case IMAGE_TOO_LARGE -> members("detail", "the picture is 60000 x 60000 pixels, more than the limit of 40000000"
                    + " (edgeserve.image.max-pixels)", "maxPixels", 40000000);
            case INVALID_REQUEST -> members("detail", "\"model_name\" is required and must be a non-empty string");
            case INVALID_MODEL -> members("detail", "model 'iris-copy' cannot be loaded: the model folder does not exist or is not a folder",
                    "model", "iris-copy");
            case MODEL_URL_REFUSED -> members("detail", "cannot load from '/etc': it lies outside the allowed roots (edgeserve.models.allowed-roots and the model folder)",
                    "url", "/etc");
            case UNAUTHORIZED -> members("detail", "the request carries no valid credentials");
            case FORBIDDEN -> members("detail", "these credentials may not call this endpoint");
            case MODEL_NOT_FOUND -> members("detail", "no model named 'nope'; loaded: [iris]", "model", "nope");
            case VARIANT_NOT_AVAILABLE -> members("detail", "model 'iris' has no float16 variant; it has [float32]", "model", "iris");
            case NOT_FOUND -> members("detail", "no such resource: GET /nope");
            case METHOD_NOT_ALLOWED -> members("detail", "GET is not allowed here; allowed: [POST]");
            case NOT_ACCEPTABLE -> members("detail", "no media type in Accept 'text/html' can be produced; available: "
                    + String.join(", ", TENSOR_TYPES), "available", TENSOR_TYPES);
            case REQUEST_TIMEOUT -> members("detail", "the request body did not arrive in time");
            case CLIENT_CLOSED_REQUEST -> members("detail", "the client closed the connection before its answer was computed");
            case MODEL_ALREADY_LOADED -> members("detail", "a model named 'iris-copy' is already loaded", "model", "iris-copy");
            case PAYLOAD_TOO_LARGE -> members("detail", "the request body exceeds the limit of 6291456 bytes (edgeserve.max-request-size)",
                    "maxBytes", 6291456);
            case UNSUPPORTED_MEDIA_TYPE -> members("detail", "Content-Type 'application/xml' is not supported; send one of "
                    + String.join(", ", TENSOR_TYPES), "supported", TENSOR_TYPES);
            case ENGINE_FAILURE -> members("detail", "The model failed while running the batch that held this request.");
            case INTERNAL_ERROR -> members("detail", "the service failed to handle this request; it is logged");
            case MODEL_NOT_READY -> members("detail", "model 'iris' is still loading", "model", "iris");
            case QUEUE_FULL -> members("detail", "The model's queue is full (256 requests waiting); retry later.", "retryAfterSeconds", 1);
            case SHUTTING_DOWN -> members("detail", "The model is shutting down and no longer runs requests.");
            case DEADLINE_EXCEEDED -> members("detail", "The request was not run before its deadline.");
            case INSUFFICIENT_MEMORY -> members("detail", "model 'big' needs about 900000000 bytes; the budget is 500000000 bytes "
                    + "with 1000 in use, and more than the whole budget", "model", "big");
        });
        return body;
    }

    private static Map<String, Object> members(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }

    /** RFC 9457's members, and the extension members edgeserve adds to some types. */
    private static Schema<?> schema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("A URI naming the kind of problem; stable, branch on it (docs/problems.md lists them).").format("uri"));
        properties.put("title", string("A short summary of the problem type, for people."));
        properties.put("status", new JsonSchema().types(Set.of("integer")).description("The HTTP status code."));
        properties.put("detail", string("What exactly was wrong with this request."));
        properties.put("model", string("The model the problem concerns."));
        properties.put("input", string("`shape-mismatch`: the model input that did not fit."));
        properties.put("expectedShape", string("`shape-mismatch`: the shape the input takes, N for the batch."));
        properties.put("receivedShape", string("`shape-mismatch`: the shape the request sent."));
        properties.put("url", string("`model-url-refused`: the url that was refused."));
        properties.put("maxBytes", new JsonSchema().types(Set.of("integer")).description("`payload-too-large`: the body limit in bytes."));
        properties.put("retryAfterSeconds", new JsonSchema().types(Set.of("integer"))
                .description("`queue-full`: seconds to wait, as in the Retry-After header."));
        properties.put("available", strings("`not-acceptable`: the media types this endpoint can answer in."));
        properties.put("supported", strings("`unsupported-media-type`: the media types this endpoint reads."));
        return new JsonSchema().types(Set.of("object"))
                .description("An RFC 9457 problem: every error edgeserve answers is one. Members besides type, title, "
                        + "status and detail are extensions that some types carry.")
                .properties(properties)
                .required(List.of("type", "title", "status", "detail"));
    }

    private static Schema<?> string(String description) {
        return new JsonSchema().types(Set.of("string")).description(description);
    }

    private static Schema<?> strings(String description) {
        return new JsonSchema().types(Set.of("array")).items(new JsonSchema().types(Set.of("string"))).description(description);
    }
}
