package io.edgeserve.sagemaker;

import static io.edgeserve.problem.ProblemType.DEADLINE_EXCEEDED;
import static io.edgeserve.problem.ProblemType.ENGINE_FAILURE;
import static io.edgeserve.problem.ProblemType.INVALID_REQUEST;
import static io.edgeserve.problem.ProblemType.MALFORMED_BODY;
import static io.edgeserve.problem.ProblemType.MODEL_NOT_FOUND;
import static io.edgeserve.problem.ProblemType.MODEL_NOT_READY;
import static io.edgeserve.problem.ProblemType.MODEL_NOT_SPECIFIED;
import static io.edgeserve.problem.ProblemType.NOT_ACCEPTABLE;
import static io.edgeserve.problem.ProblemType.PAYLOAD_TOO_LARGE;
import static io.edgeserve.problem.ProblemType.QUEUE_FULL;
import static io.edgeserve.problem.ProblemType.SHAPE_MISMATCH;
import static io.edgeserve.problem.ProblemType.SHUTTING_DOWN;
import static io.edgeserve.problem.ProblemType.UNSUPPORTED_MEDIA_TYPE;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.invocation.LabelledAnswer;
import io.edgeserve.problem.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * SageMaker's {@code POST /invocations} and the multi-model {@code POST /models/{name}/invoke}. Bodies are
 * read and written by edgeserve's own codecs, not Spring's converters, so that every media type, limit and
 * error is handled in one place. The OpenAPI description of the bodies is in {@link ApiDescription}.
 */
@Tag(name = "Inference", description = "SageMaker's inference calls, on the one model or a named one")
@RestController
public class InvocationsController {

    private final InvocationService invocations;
    private final EdgeserveProperties properties;

    public InvocationsController(InvocationService invocations, EdgeserveProperties properties) {
        this.invocations = invocations;
        this.properties = properties;
    }

    @Operation(operationId = "invoke", summary = "Run inference",
            description = "Runs the one loaded model, or with several the one `X-Amzn-SageMaker-Target-Model` names. "
                    + "`Content-Type` says how the body is laid out, `Accept` how the answer should be.",
            requestBody = @RequestBody(ref = ApiDescription.TENSORS),
            responses = @ApiResponse(responseCode = "200", ref = ApiDescription.PREDICTION))
    @ProblemResponses({MALFORMED_BODY, SHAPE_MISMATCH, MODEL_NOT_SPECIFIED, INVALID_REQUEST, MODEL_NOT_FOUND, NOT_ACCEPTABLE,
            PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ENGINE_FAILURE, MODEL_NOT_READY, QUEUE_FULL, SHUTTING_DOWN,
            DEADLINE_EXCEEDED})
    @PostMapping("/invocations")
    @InferenceEndpoint
    public ResponseEntity<byte[]> invocations(HttpServletRequest request,
            @Parameter(description = "The model to run; required when several are loaded.", example = "iris")
            @RequestHeader(name = SageMakerHeaders.TARGET_MODEL, required = false) String targetModel) throws IOException {
        return answer(invoke(request, targetModel), request);
    }

    @Operation(operationId = "invokeModel", summary = "Run inference on a named model",
            description = "As SageMaker's multi-model endpoints call a model: `POST /invocations` on the model named in the path.",
            requestBody = @RequestBody(ref = ApiDescription.TENSORS),
            responses = @ApiResponse(responseCode = "200", ref = ApiDescription.PREDICTION))
    @ProblemResponses({MALFORMED_BODY, SHAPE_MISMATCH, INVALID_REQUEST, MODEL_NOT_FOUND, NOT_ACCEPTABLE, PAYLOAD_TOO_LARGE,
            UNSUPPORTED_MEDIA_TYPE, ENGINE_FAILURE, MODEL_NOT_READY, QUEUE_FULL, SHUTTING_DOWN, DEADLINE_EXCEEDED})
    @PostMapping("/models/{name}/invoke")
    @InferenceEndpoint
    public ResponseEntity<byte[]> invokeModel(HttpServletRequest request,
            @Parameter(description = "The model's name, optionally NAME:VERSION and @float32 or @float16.", example = "iris")
            @PathVariable String name) throws IOException {
        return answer(invoke(request, name), request);
    }

    private InvocationAnswer invoke(HttpServletRequest request, String model) throws IOException {
        return invocations.invoke(HttpInvocations.request(request, model, request.getHeader(HttpHeaders.ACCEPT),
                QueryString.value(request.getQueryString(), LabelledAnswer.TOP_K), properties.maxRequestSize()));
    }

    /** The answer, saying which model and variant gave it, also in the custom attributes SageMaker returns. */
    private static ResponseEntity<byte[]> answer(InvocationAnswer answer, HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(answer.contentType())
                .headers(HttpInvocations.answerHeaders(answer, request))
                .body(answer.body());
    }
}
