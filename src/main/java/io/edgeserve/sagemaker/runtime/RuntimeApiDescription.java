package io.edgeserve.sagemaker.runtime;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Describes the Runtime API's errors as the AWS SDKs read them, not as problem+json: the {@code AwsError} schema
 * ({@code Message}, and for {@code ModelError} {@code OriginalStatusCode} and {@code OriginalMessage}), the code in
 * {@code x-amzn-ErrorType}, and one response per status {@link AwsError} answers with, each with an example.
 */
@Component
class RuntimeApiDescription implements OperationCustomizer, OpenApiCustomizer {

    static final String SCHEMA = "AwsError";
    private static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;

    /** Status, what it means, and example bodies by AWS code. */
    private record Status(String code, String description, Map<String, Map<String, Object>> examples) {}

    private static final Map<String, Status> STATUSES = statuses();

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.getBeanType() != RuntimeController.class) {
            return operation;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        STATUSES.forEach((status, described) -> operation.getResponses().putIfAbsent(status, response(described)));
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("Message", new JsonSchema().types(Set.of("string")).description("What was wrong."));
        properties.put("OriginalStatusCode", new JsonSchema().types(Set.of("integer"))
                .description("`ModelError`: the status the model container answered with."));
        properties.put("OriginalMessage", new JsonSchema().types(Set.of("string"))
                .description("`ModelError`: what the model container said (edgeserve's problem detail)."));
        openApi.getComponents().addSchemas(SCHEMA, new JsonSchema().types(Set.of("object"))
                .description("An error as the AWS SDKs parse it: the code is in the x-amzn-ErrorType header and picks the "
                        + "SDK's exception class; not problem+json.")
                .properties(properties).required(List.of("Message")));
    }

    private static ApiResponse response(Status status) {
        MediaType json = new MediaType().schema(new JsonSchema().$ref(SCHEMA_REF));
        status.examples().forEach((code, body) -> json.addExamples(code, new Example().summary(code).value(body)));
        ApiResponse response = new ApiResponse().description(status.description())
                .addHeaderObject(RuntimeHeaders.ERROR_TYPE, new Header()
                        .description("The AWS error code: " + String.join(", ", status.examples().keySet()) + ".")
                        .schema(new JsonSchema().types(Set.of("string"))))
                .content(new Content().addMediaType("application/json", json));
        if (status.code().equals("503")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait; the SDKs retry.")
                    .schema(new JsonSchema().types(Set.of("integer")).minimum(BigDecimal.ONE)));
        }
        return response;
    }

    private static Map<String, Status> statuses() {
        Map<String, Status> statuses = new LinkedHashMap<>();
        statuses.put("400", new Status("400", "`ValidationError`: what SageMaker itself checks failed: the endpoint or "
                + "variant does not exist, or the body is over the limit. (`IncompleteSignatureException` for a malformed "
                + "Authorization header.)", Map.of(
                        AwsError.VALIDATION_ERROR, message("variant 'canary' does not exist; this endpoint's variants are "
                                + "[AllTraffic, float32, float16]"))));
        statuses.put("403", new Status("403", "The request is not signed, or not signed right (SigV4).", Map.of(
                AwsError.MISSING_AUTHENTICATION_TOKEN, message("the request carries no valid credentials"),
                AwsError.INVALID_SIGNATURE, message("The request signature we calculated does not match the signature you provided."))));
        statuses.put("424", new Status("424", "`ModelError`: the model container refused the request (a malformed body, "
                + "a wrong shape, a media type it does not read, a picture for a model that takes none) or failed running it.",
                Map.of(AwsError.MODEL_ERROR, AwsError.modelError(400, "input 'data' expects shape (N, 4), received (1, 3): "
                        + "each example must have 4 values, laid out as (4,)").bodyMap())));
        statuses.put("429", new Status("429", "`ModelNotReadyException`: the model is loading or failed to load.",
                Map.of(AwsError.MODEL_NOT_READY, message("model 'iris' is still loading"))));
        statuses.put("500", new Status("500", "`InternalFailure`: a bug; the request id is in the log.",
                Map.of(AwsError.INTERNAL_FAILURE, message("the service failed to handle this request; it is logged"))));
        statuses.put("503", new Status("503", "`ServiceUnavailable`: the model's queue is full, or the service is stopping.",
                Map.of(AwsError.SERVICE_UNAVAILABLE, message("The model's queue is full (256 requests waiting); retry later."))));
        return statuses;
    }

    private static Map<String, Object> message(String message) {
        return Map.of("Message", message);
    }
}
