package io.edgeserve.sagemaker.runtime;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.Precision;
import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationRequest;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.sagemaker.HttpInvocations;
import io.edgeserve.sagemaker.InferenceEndpoint;
import io.edgeserve.sagemaker.RequestIdFilter;
import io.edgeserve.sagemaker.SageMakerHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
@ConditionalOnBooleanProperty(name = "edgeserve.endpoints.enabled", matchIfMissing = true)
@Tag(name = "SageMaker Runtime", description = "The SageMaker Runtime API as the AWS SDKs call it (InvokeEndpoint and "
        + "InvokeEndpointWithResponseStream), signed with SigV4 in the gateway profile; errors in AWS's JSON shape")
public class RuntimeController {

    private final InvocationService invocations;
    private final EdgeserveProperties properties;
    private final EndpointProperties endpoints;

    public RuntimeController(InvocationService invocations, EdgeserveProperties properties,
            EndpointProperties endpoints) {
        this.invocations = invocations;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @Operation(operationId = "invokeEndpoint", summary = "InvokeEndpoint",
            description = "As SageMaker's InvokeEndpoint: the endpoint name is a model or an alias "
                    + "(edgeserve.endpoints.aliases), X-Amzn-SageMaker-Target-Model and -Target-Variant pick a model and "
                    + "variant; errors carry x-amzn-ErrorType and an AWS JSON body (docs/devices.md).")
    @PostMapping("/endpoints/{endpointName}/invocations")
    @InferenceEndpoint
    public ResponseEntity<byte[]> invokeEndpoint(
            @Parameter(description = "The endpoint: a model's name or an alias.", example = "iris") @PathVariable String endpointName,
            HttpServletRequest request)
            throws IOException {
        InvocationRequest invocation = HttpInvocations.request(request, endpointName, request.getHeader(HttpHeaders.ACCEPT),
                null, properties.maxRequestSize());
        String variant = variant(invocation, request);
        InvocationAnswer answer = invocations.invoke(invocation.withTarget(model(endpointName, variant, request)));
        return ResponseEntity.ok()
                .contentType(answer.contentType())
                .headers(HttpInvocations.answerHeaders(answer, request))
                .header(RuntimeHeaders.INVOKED_VARIANT, variant)
                .header(RuntimeHeaders.REQUEST_ID, RequestIdFilter.requestId())
                .body(answer.body());
    }

    @Operation(operationId = "invokeEndpointWithResponseStream", summary = "InvokeEndpointWithResponseStream",
            description = "As SageMaker's InvokeEndpointWithResponseStream: the answer is application/vnd.amazon.eventstream, "
                    + "one PayloadPart event per row, in the type X-Amzn-SageMaker-Accept asks for; a failure after the first "
                    + "part is a ModelStreamError exception event.")
    @PostMapping("/endpoints/{endpointName}/invocations-response-stream")
    @InferenceEndpoint
    public void invokeEndpointWithResponseStream(
            @Parameter(description = "The endpoint: a model's name or an alias.", example = "iris") @PathVariable String endpointName,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        InvocationRequest invocation = HttpInvocations.request(request, endpointName,
                request.getHeader(RuntimeHeaders.STREAM_ACCEPT), null, properties.maxRequestSize());
        String variant = variant(invocation, request);
        InvocationService.Prepared prepared =
                invocations.prepare(invocation.withTarget(model(endpointName, variant, request)));
        response.setHeader(RuntimeHeaders.STREAM_CONTENT_TYPE, prepared.responseType().toString());
        response.setHeader(RuntimeHeaders.INVOKED_VARIANT, variant);
        response.setHeader(SageMakerHeaders.SERVED_MODEL, prepared.model().name());
        response.setHeader(SageMakerHeaders.SERVED_PRECISION, prepared.model().precision().label());
        response.setHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES,
                HttpInvocations.customAttributes(request, prepared.model().precision()));
        response.setHeader(RuntimeHeaders.REQUEST_ID, RequestIdFilter.requestId());
        new PayloadPartStream(invocations, prepared).writeTo(response);
    }

    /** The model the endpoint, the target model and the variant name together. */
    private String model(String endpointName, String variant, HttpServletRequest request) {
        String targetModel = request.getHeader(SageMakerHeaders.TARGET_MODEL);
        String model = targetModel != null && !targetModel.isBlank()
                ? targetModel.strip() : endpoints.modelFor(endpointName);
        if (!variant.equals(RuntimeHeaders.DEFAULT_VARIANT)) {
            model = model + "@" + variant;
        }
        return model;
    }

    /** {@link #variant(HttpServletRequest)}, with a refusal counted as the core counts its own. */
    private String variant(InvocationRequest invocation, HttpServletRequest request) {
        try {
            return variant(request);
        } catch (ProblemException e) {
            throw invocations.refused(invocation, e);
        }
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
        throw new ProblemException(ProblemType.INVALID_REQUEST, "variant '" + variant
                + "' does not exist; this endpoint's variants are " + variants);
    }
}
