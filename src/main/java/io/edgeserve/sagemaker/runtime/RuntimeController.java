package io.edgeserve.sagemaker.runtime;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.sagemaker.InvocationService;
import io.edgeserve.sagemaker.SageMakerHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SageMaker Runtime's {@code InvokeEndpoint} and {@code InvokeEndpointWithResponseStream}, as the AWS SDKs send
 * them. The endpoint name is a model's name or an alias of one ({@code edgeserve.endpoints.aliases}); a
 * multi-model caller's {@code X-Amzn-SageMaker-Target-Model} names the model instead. Errors are answered in
 * AWS's shape by {@link AwsErrorAdvice}.
 */
@RestController
@ConditionalOnBooleanProperty(name = "edgeserve.endpoints.enabled", matchIfMissing = true)
public class RuntimeController {

    private final InvocationService invocations;
    private final EdgeserveProperties properties;
    private final EndpointProperties endpoints;

    public RuntimeController(InvocationService invocations, EdgeserveProperties properties, EndpointProperties endpoints) {
        this.invocations = invocations;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @PostMapping("/endpoints/{endpointName}/invocations")
    public ResponseEntity<byte[]> invokeEndpoint(@PathVariable String endpointName, HttpServletRequest request)
            throws IOException {
        String variant = variant(request);
        InvocationService.Answer answer = invocations.invoke(invocation(endpointName, request,
                request.getHeader(HttpHeaders.ACCEPT)));
        return ResponseEntity.ok()
                .contentType(answer.contentType())
                .header(RuntimeHeaders.INVOKED_VARIANT, variant)
                .header(SageMakerHeaders.SERVED_MODEL, answer.model())
                .header(RuntimeHeaders.REQUEST_ID, MDC.get("requestId"))
                .body(answer.body());
    }

    @PostMapping("/endpoints/{endpointName}/invocations-response-stream")
    public void invokeEndpointWithResponseStream(@PathVariable String endpointName, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String variant = variant(request);
        InvocationService.Invocation invocation = invocation(endpointName, request,
                request.getHeader(RuntimeHeaders.STREAM_ACCEPT));
        InvocationService.Prepared prepared = invocations.prepare(invocation);
        response.setHeader(RuntimeHeaders.STREAM_CONTENT_TYPE, prepared.responseType().toString());
        response.setHeader(RuntimeHeaders.INVOKED_VARIANT, variant);
        response.setHeader(SageMakerHeaders.SERVED_MODEL, prepared.model().name());
        response.setHeader(RuntimeHeaders.REQUEST_ID, MDC.get("requestId"));
        new PayloadPartStream(invocations, prepared, invocation.timeout()).writeTo(response);
    }

    private InvocationService.Invocation invocation(String endpointName, HttpServletRequest request, String accept)
            throws IOException {
        String targetModel = request.getHeader(SageMakerHeaders.TARGET_MODEL);
        String model = targetModel != null && !targetModel.isBlank() ? targetModel : endpoints.modelFor(endpointName);
        return new InvocationService.Invocation(model, request.getContentType(), accept, request.getInputStream(),
                request.getContentLengthLong(), properties.maxRequestSize().toBytes(), null);
    }

    /**
     * Variants arrive with the registry's versions; until then every endpoint has SageMaker's single
     * {@code AllTraffic} variant, and naming another is an error, as it is on SageMaker.
     */
    private static String variant(HttpServletRequest request) {
        String variant = request.getHeader(RuntimeHeaders.TARGET_VARIANT);
        if (variant == null || variant.isBlank() || variant.equals(RuntimeHeaders.DEFAULT_VARIANT)) {
            return RuntimeHeaders.DEFAULT_VARIANT;
        }
        throw new ProblemException(ProblemType.INVALID_REQUEST, "variant '" + variant
                + "' does not exist; this endpoint has the one variant '" + RuntimeHeaders.DEFAULT_VARIANT + "'");
    }
}
