package io.edgeserve.invocation;

import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * An inference request as a front end hands it to the core: plain values, nothing of the transport but its name.
 *
 * @param transport        the front end it came through
 * @param requestId        the request's id (SageMaker's inference id), for the log and captured records
 * @param targetModel      the model asked for ({@code NAME}, {@code NAME:VERSION}, {@code NAME@float16}), or null
 *                         where the only loaded model is meant
 * @param customAttributes SageMaker's custom attributes ({@code key=value} pairs), or null; {@code precision=float16}
 *                         picks the variant, {@code top_k=N} the number of labels
 * @param contentType      the body's media type, or null for JSON (as SageMaker's MXNet container reads it)
 * @param accept           the media types the caller takes, or null for the model's default
 * @param body             the body, read once by the core
 * @param declaredLength   the length the transport announced, or -1: over {@code maxBytes} it is refused unread
 * @param maxBytes         the largest body this transport takes
 * @param timeout          how long the caller waits for its answer, or null for the batcher's default
 * @param topK             {@code top_k} as the transport carried it outside the custom attributes (a query
 *                         parameter), or null
 * @param receivedNanos    when the request arrived, on the {@link System#nanoTime()} clock: its duration runs from here
 * @param client           whether the caller is still there, as its transport can tell; {@link ClientConnection#UNKNOWN}
 *                         where it cannot
 */
public record InvocationRequest(Transport transport, String requestId, String targetModel, String customAttributes,
                                String contentType, String accept, InputStream body, long declaredLength, long maxBytes,
                                Duration timeout, String topK, long receivedNanos, ClientConnection client) {

    public InvocationRequest {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(client, "client");
    }

    /** A request from a transport that cannot tell whether its caller is still there. */
    public InvocationRequest(Transport transport, String requestId, String targetModel, String customAttributes,
            String contentType, String accept, InputStream body, long declaredLength, long maxBytes, Duration timeout,
            String topK, long receivedNanos) {
        this(transport, requestId, targetModel, customAttributes, contentType, accept, body, declaredLength, maxBytes,
                timeout, topK, receivedNanos, ClientConnection.UNKNOWN);
    }

    /** The same request for another model, as a front end that names the model after it has read the request. */
    public InvocationRequest withTarget(String model) {
        return new InvocationRequest(transport, requestId, model, customAttributes, contentType, accept, body,
                declaredLength, maxBytes, timeout, topK, receivedNanos, client);
    }
}
