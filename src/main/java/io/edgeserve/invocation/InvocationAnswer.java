package io.edgeserve.invocation;

import io.edgeserve.registry.Precision;
import org.springframework.http.MediaType;

/**
 * An inference's encoded answer, and what gave it.
 *
 * @param contentType    the answer's media type, as negotiated from the request's {@code Accept}
 * @param model          the name of the model that answered (with its version where one was asked for)
 * @param precision      the variant that answered
 * @param inferenceNanos time in the batcher: queue wait and engine
 */
public record InvocationAnswer(MediaType contentType, byte[] body, String model, Precision precision,
                               long inferenceNanos) {}
