package io.edgeserve.sagemaker;

import io.edgeserve.config.EdgeserveProperties;
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
 * error is handled in one place.
 */
@RestController
public class InvocationsController {

    private final InvocationService invocations;
    private final EdgeserveProperties properties;

    public InvocationsController(InvocationService invocations, EdgeserveProperties properties) {
        this.invocations = invocations;
        this.properties = properties;
    }

    @PostMapping("/invocations")
    public ResponseEntity<byte[]> invocations(HttpServletRequest request,
            @RequestHeader(name = SageMakerHeaders.TARGET_MODEL, required = false) String targetModel) throws IOException {
        return answer(invoke(request, targetModel));
    }

    @PostMapping("/models/{name}/invoke")
    public ResponseEntity<byte[]> invokeModel(HttpServletRequest request, @PathVariable String name) throws IOException {
        return answer(invoke(request, name));
    }

    private InvocationService.Answer invoke(HttpServletRequest request, String model) throws IOException {
        Integer topK = LabelledAnswer.requestedTopK(request.getQueryString(),
                request.getHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES));
        return invocations.invoke(new InvocationService.Invocation(model, request.getContentType(),
                request.getHeader(HttpHeaders.ACCEPT), request.getInputStream(), request.getContentLengthLong(),
                properties.maxRequestSize().toBytes(), null, topK));
    }

    private static ResponseEntity<byte[]> answer(InvocationService.Answer answer) {
        return ResponseEntity.ok()
                .contentType(answer.contentType())
                .header(SageMakerHeaders.SERVED_MODEL, answer.model())
                .body(answer.body());
    }
}
