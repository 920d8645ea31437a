package io.edgeserve.sagemaker.runtime;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.config.SwitchedOn;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.Precision;
import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationRequest;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.sagemaker.HttpInvocations;
import io.edgeserve.sagemaker.InferenceEndpoint;
import io.edgeserve.sagemaker.RequestIdFilter;
import io.edgeserve.sagemaker.SageMakerHeaders;
import io.edgeserve.problem.NotProblemJson;
import io.edgeserve.sagemaker.ApiDescription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SageMaker Runtime's {@code InvokeEndpoint} and {@code InvokeEndpointWithResponseStream}, as the AWS SDKs send
 * them. The endpoint name is a model's name or an alias of one ({@code edgeserve.endpoints.aliases}); a
 * multi-model caller's {@code X-Amzn-SageMaker-Target-Model} names the model instead. An endpoint's variants
 * are SageMaker's {@code AllTraffic} (the model's default precision) and its precisions, {@code float32} and
 * {@code float16}. Errors are answered in AWS's shape by {@link AwsErrorAdvice}.
 */
@RestController
@NotProblemJson
@SwitchedOn("edgeserve.endpoints.enabled (default true), by RuntimeConfiguration.Switch")
@Tag(name = "SageMaker Runtime", description = "The SageMaker Runtime API as the AWS SDKs call it (InvokeEndpoint and "
        + "InvokeEndpointWithResponseStream), signed with SigV4 in the gateway profile; errors in AWS's JSON shape")
public class RuntimeController {

    private static final String TARGET_MODEL_DESCRIPTION = "The model to run instead of the endpoint's, as on a "
            + "multi-model endpoint (iris.tar.gz names iris); the endpoint must still exist.";
    private static final String TARGET_VARIANT_DESCRIPTION = "The variant: AllTraffic (the model's default precision), "
            + "float32 or float16.";

    private final InvocationService invocations;
    private final EdgeserveProperties properties;
    private final EndpointProperties endpoints;
    private final ModelRegistry registry;

    public RuntimeController(InvocationService invocations, EdgeserveProperties properties,
            EndpointProperties endpoints, ModelRegistry registry) {
        this.invocations = invocations;
        this.registry = registry;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @Operation(operationId = "invokeEndpoint", summary = "InvokeEndpoint",
            description = "As SageMaker's InvokeEndpoint: the endpoint name is a model or an alias "
                    + "(edgeserve.endpoints.aliases), X-Amzn-SageMaker-Target-Model and -Target-Variant pick a model and "
                    + "variant. The body's media type is its Content-Type and the answer's is chosen by Accept, as on "
                    + "/invocations. Errors carry x-amzn-ErrorType and an AWS JSON body (docs/devices.md). In the gateway "
                    + "profile requests must be signed with SigV4, which Swagger UI cannot do; use the AWS SDK there.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(ref = ApiDescription.TENSORS),
            responses = @ApiResponse(responseCode = "200", ref = ApiDescription.PREDICTION))
    @Parameter(in = ParameterIn.HEADER, name = SageMakerHeaders.TARGET_MODEL, description = TARGET_MODEL_DESCRIPTION,
            schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = RuntimeHeaders.TARGET_VARIANT, description = TARGET_VARIANT_DESCRIPTION,
            schema = @Schema(type = "string", allowableValues = {"AllTraffic", "float32", "float16"}))
    @PostMapping("/endpoints/{endpointName}/invocations")
    @InferenceEndpoint
    public ResponseEntity<byte[]> invokeEndpoint(
            @Parameter(description = "The endpoint: a model's name or an alias.", example = "iris") @PathVariable String endpointName,
            HttpServletRequest request)
            throws IOException {
        InvocationRequest invocation = HttpInvocations.request(request, endpointName, request.getHeader(HttpHeaders.ACCEPT),
                null, properties.maxRequestSize());
        Target target = target(invocation, endpointName, request);
        InvocationAnswer answer = invocations.invoke(invocation.withTarget(target.model()));
        return ResponseEntity.ok()
                .contentType(answer.contentType())
                .headers(HttpInvocations.answerHeaders(answer, request))
                .header(RuntimeHeaders.INVOKED_VARIANT, target.variant())
                .header(RuntimeHeaders.REQUEST_ID, RequestIdFilter.requestId())
                .body(answer.body());
    }

    @Operation(operationId = "invokeEndpointWithResponseStream", summary = "InvokeEndpointWithResponseStream",
            description = "As SageMaker's InvokeEndpointWithResponseStream: the answer is application/vnd.amazon.eventstream, "
                    + "one PayloadPart event per row, in the type X-Amzn-SageMaker-Accept asks for; a failure after the first "
                    + "part is a ModelStreamError exception event.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(ref = ApiDescription.TENSORS),
            responses = @ApiResponse(responseCode = "200", description = "The answer, one PayloadPart event per row.",
                    content = @Content(mediaType = "application/vnd.amazon.eventstream",
                            schema = @Schema(type = "string", format = "binary"))))
    @Parameter(in = ParameterIn.HEADER, name = SageMakerHeaders.TARGET_MODEL, description = TARGET_MODEL_DESCRIPTION,
            schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = RuntimeHeaders.TARGET_VARIANT, description = TARGET_VARIANT_DESCRIPTION,
            schema = @Schema(type = "string", allowableValues = {"AllTraffic", "float32", "float16"}))
    @Parameter(in = ParameterIn.HEADER, name = RuntimeHeaders.STREAM_ACCEPT, description = "The media type of each part: "
            + "application/json (the default), text/csv, application/x-npy or application/x-npz.",
            schema = @Schema(type = "string"))
    @PostMapping("/endpoints/{endpointName}/invocations-response-stream")
    @InferenceEndpoint
    public void invokeEndpointWithResponseStream(
            @Parameter(description = "The endpoint: a model's name or an alias.", example = "iris") @PathVariable String endpointName,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        InvocationRequest invocation = HttpInvocations.request(request, endpointName,
                request.getHeader(RuntimeHeaders.STREAM_ACCEPT), null, properties.maxRequestSize());
        Target target = target(invocation, endpointName, request);
        InvocationService.Prepared prepared = invocations.prepare(invocation.withTarget(target.model()));
        response.setHeader(RuntimeHeaders.STREAM_CONTENT_TYPE, prepared.responseType().toString());
        response.setHeader(RuntimeHeaders.INVOKED_VARIANT, target.variant());
        response.setHeader(SageMakerHeaders.SERVED_MODEL, prepared.model().name());
        response.setHeader(SageMakerHeaders.SERVED_PRECISION, prepared.model().precision().label());
        response.setHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES,
                HttpInvocations.customAttributes(request, prepared.model().precision()));
        response.setHeader(RuntimeHeaders.REQUEST_ID, RequestIdFilter.requestId());
        new PayloadPartStream(invocations, prepared).writeTo(response);
    }

    /** The variant asked for and the model that answers: from the endpoint, the target model and the variant. */
    private record Target(String variant, String model) {}

    /** The request's {@link Target}; a refusal is counted as the core counts its own. */
    private Target target(InvocationRequest invocation, String endpointName, HttpServletRequest request) {
        try {
            String variant = variant(request);
            return new Target(variant, model(endpointName, variant, request));
        } catch (ProblemException e) {
            throw invocations.refused(invocation, e);
        }
    }

    private String model(String endpointName, String variant, HttpServletRequest request) {
        String endpointModel = endpoints.modelFor(endpointName);
        String targetModel = request.getHeader(SageMakerHeaders.TARGET_MODEL);
        if (targetModel != null && !targetModel.isBlank() && registry.entry(endpointModel).isEmpty()) {
            // SageMaker checks the endpoint before it looks at the target model: a wrong endpoint name is an
            // error even where the model it targets exists.
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "endpoint '" + endpointName
                    + "' does not exist: it is neither a model's name nor an alias (edgeserve.endpoints.aliases)");
        }
        String model = targetModel != null && !targetModel.isBlank() ? targetModel.strip() : endpointModel;
        if (!variant.equals(RuntimeHeaders.DEFAULT_VARIANT)) {
            model = model + "@" + variant;
        }
        return model;
    }

    /**
     * The variant asked for: SageMaker's {@code AllTraffic} where none is named, else a precision. Another name
     * is an error, as an unknown variant is on SageMaker.
     */
    private static String variant(HttpServletRequest request) {
        String variant = request.getHeader(RuntimeHeaders.TARGET_VARIANT);
        if (variant == null || variant.isBlank() || variant.strip().equals(RuntimeHeaders.DEFAULT_VARIANT)) {
            return RuntimeHeaders.DEFAULT_VARIANT;
        }
        for (Precision precision : Precision.values()) {
            if (precision.label().equalsIgnoreCase(variant.strip())) {
                return precision.label();
            }
        }
        List<String> variants = Stream.concat(Stream.of(RuntimeHeaders.DEFAULT_VARIANT),
                Arrays.stream(Precision.values()).map(Precision::label)).toList();
        throw new ProblemException(ProblemType.VARIANT_NOT_AVAILABLE, "variant '" + variant
                + "' does not exist; this endpoint's variants are " + variants);
    }
}
