package io.edgeserve.invocation;

import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.Precision;
import java.time.Instant;

/**
 * What became of one request: its outcome, timings and sizes, and for an answered request the bodies both ways.
 *
 * @param model          the model that answered, else the one the request named (it may not exist), else null
 * @param precision      the variant that answered or was resolved, or null where none was
 * @param status         the HTTP status the outcome has (200, or the problem's), on every transport
 * @param problem        why it was refused, or null where it was answered
 * @param durationNanos  from the request's arrival to its answer or refusal
 * @param inferenceNanos time in the batcher (queue wait and engine), or -1 where it never got there
 * @param requestBytes   bytes of the body actually read
 * @param responseBytes  bytes of the answer, or of the problem document
 * @param requestBody    the body as read; null where it was refused before it was read whole
 * @param answer         the answer; null where the request was refused
 * @param time           when the answer was ready, on the wall clock
 */
public record InvocationRecord(InvocationRequest request, String model, Precision precision, int status,
                               ProblemType problem, long durationNanos, long inferenceNanos, long requestBytes,
                               long responseBytes, byte[] requestBody, InvocationAnswer answer, Instant time) {

    public boolean answered() {
        return answer != null;
    }

    public Transport transport() {
        return request.transport();
    }
}
