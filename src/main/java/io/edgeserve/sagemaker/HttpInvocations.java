package io.edgeserve.sagemaker;

import io.edgeserve.invocation.CustomAttributes;
import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationRequest;
import io.edgeserve.invocation.Transport;
import io.edgeserve.registry.Precision;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;

/**
 * What the HTTP front ends (the SageMaker contract and the Runtime API) share: the core's request made from a
 * servlet request, and the headers that tell the caller which model and variant answered.
 */
public final class HttpInvocations {

    /** The standard header that carries the answer's time in the batcher, in milliseconds, for clients and logs. */
    public static final String SERVER_TIMING = "Server-Timing";
    static final String INFERENCE_METRIC = "inference";

    private HttpInvocations() {}

    /**
     * @param model  the model asked for, or null for the only one
     * @param accept the media types the caller takes
     * @param topK   {@code top_k} from the query string, or null
     */
    public static InvocationRequest request(HttpServletRequest request, String model, String accept, String topK,
            DataSize maxRequestSize) throws IOException {
        return new InvocationRequest(Transport.HTTP, RequestIdFilter.requestId(), model,
                request.getHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES), request.getContentType(), accept,
                request.getInputStream(), request.getContentLengthLong(), maxRequestSize.toBytes(), null, topK,
                RequestIdFilter.receivedNanos(request), ConnectionWatch.of(request));
    }

    /** The served model and variant, the caller's custom attributes with the variant added, and the time taken. */
    public static HttpHeaders answerHeaders(InvocationAnswer answer, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(SageMakerHeaders.SERVED_MODEL, answer.model());
        headers.set(SageMakerHeaders.SERVED_PRECISION, answer.precision().label());
        headers.set(SageMakerHeaders.CUSTOM_ATTRIBUTES, customAttributes(request, answer.precision()));
        headers.set(SERVER_TIMING, serverTiming(answer.inferenceNanos()));
        return headers;
    }

    /** The caller's custom attributes, with the precision that answered, as the container contract echoes them. */
    public static String customAttributes(HttpServletRequest request, Precision precision) {
        return CustomAttributes.with(request.getHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES), "precision",
                precision.label());
    }

    /**
     * {@code inference;dur=1.235}: milliseconds to the microsecond, rounded half up. Written with integer arithmetic:
     * every answer carries it, and {@code String.format} parses its pattern each time.
     */
    static String serverTiming(long inferenceNanos) {
        long micros = Math.max(0, (inferenceNanos + 500) / 1_000);
        long fraction = micros % 1_000;
        String digits = fraction < 10 ? "00" : fraction < 100 ? "0" : "";
        return INFERENCE_METRIC + ";dur=" + micros / 1_000 + '.' + digits + fraction;
    }
}
