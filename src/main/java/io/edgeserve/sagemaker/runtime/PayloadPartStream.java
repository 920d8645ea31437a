package io.edgeserve.sagemaker.runtime;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.tensor.Tensor;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer of {@code InvokeEndpointWithResponseStream}: one {@code PayloadPart} event per row of the request,
 * in order, each a complete answer for its row in the negotiated media type (a CSV answer's parts concatenate to
 * the whole CSV answer). Rows run one after another, each sent to the batcher once the one before is written;
 * they share engine batches with other clients' requests, and a stream never holds more than one place in the
 * model's queue, so it cannot crowd out other callers or itself. Until the first part is written a failure is
 * an ordinary error response; after it the status has been sent, so a failure ends the stream with a
 * {@code ModelStreamError} message whose {@code ErrorCode} is edgeserve's problem type.
 */
final class PayloadPartStream {

    static final String PAYLOAD_PART = "PayloadPart";
    static final String MODEL_STREAM_ERROR = "ModelStreamError";

    private static final Logger log = LoggerFactory.getLogger(PayloadPartStream.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InvocationService invocations;
    private final InvocationService.Prepared prepared;
    private final long rows;
    /** Every part's answer, joined: what the core records as the stream's answer. */
    private final ByteArrayOutputStream answered = new ByteArrayOutputStream();

    PayloadPartStream(InvocationService invocations, InvocationService.Prepared prepared) {
        this.invocations = invocations;
        this.prepared = prepared;
        this.rows = splittableRows(prepared.inputs());
    }

    /**
     * Writes every part, then returns; the caller has set the headers but not the status or body. A client that
     * goes away mid-stream ends it quietly, with no more rows run: there is no one left to answer, and the stream
     * is recorded as {@code client-closed-request}, not as answered.
     *
     * @throws ProblemException when the first part fails: nothing has been written, the caller answers the error
     */
    void writeTo(HttpServletResponse response) throws IOException {
        byte[] first;
        try {
            first = part(0);
        } catch (RuntimeException e) {
            invocations.finish(prepared, null, e);
            throw e;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(EventStreamEncoder.MEDIA_TYPE);
        RuntimeException failure = null;
        try {
            failure = streamFrom(first, response.getOutputStream());
        } catch (IOException e) {
            log.debug("Stream abandoned by its client: {}", e.toString());
            failure = abandoned();
        } finally {
            invocations.finish(prepared, failure != null ? null : joinedAnswer(), failure);
        }
    }

    /** Sends every part; returns the failure that ended the stream early, or null. */
    private RuntimeException streamFrom(byte[] first, ServletOutputStream out) throws IOException {
        send(out, first);
        for (long row = 1; row < rows; row++) {
            if (prepared.request().client().gone()) {
                log.debug("Stream abandoned by its client after {} of {} parts", row, rows);
                return abandoned();
            }
            byte[] message;
            try {
                message = part(row);
            } catch (ProblemException e) {
                if (e.type() == ProblemType.CLIENT_CLOSED_REQUEST) {
                    return e; // nobody is left to read an error event
                }
                log.warn("Stream failed after its first part: {} {}", e.type().status(), e.getMessage());
                send(out, streamError(e.type().slug(), e.getMessage()));
                return e;
            } catch (RuntimeException e) {
                log.error("Stream failed after its first part", e);
                send(out, streamError(ProblemType.INTERNAL_ERROR.slug(),
                        "the service failed to finish this stream; it is logged"));
                return e;
            }
            send(out, message);
        }
        return null;
    }

    private static ProblemException abandoned() {
        return new ProblemException(ProblemType.CLIENT_CLOSED_REQUEST, "the client closed the stream before its end");
    }

    private InvocationAnswer joinedAnswer() {
        return new InvocationAnswer(prepared.responseType(), answered.toByteArray(), prepared.model().name(),
                prepared.model().precision(), 0);
    }

    /** Runs one row (all of them where the inputs do not split by rows) and frames its answer. */
    private byte[] part(long row) {
        List<Tensor> inputs = rows == 1 ? prepared.inputs() : row(prepared.inputs(), row);
        byte[] answer = invocations.run(prepared, inputs).body();
        answered.writeBytes(answer);
        return EventStreamEncoder.event(PAYLOAD_PART, "application/octet-stream", answer);
    }

    static byte[] streamError(String errorCode, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Message", message);
        body.put("ErrorCode", errorCode);
        return EventStreamEncoder.exception(MODEL_STREAM_ERROR, JSON.writeValueAsBytes(body));
    }

    private static void send(ServletOutputStream out, byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    /** How many parts: the rows every input shares, or one part where the inputs do not split alike. */
    private static long splittableRows(List<Tensor> inputs) {
        long rows = inputs.getFirst().shape().rows();
        for (Tensor input : inputs) {
            if (input.shape().rank() == 0 || input.shape().rows() != rows) {
                return 1;
            }
        }
        return Math.max(rows, 1);
    }

    private static List<Tensor> row(List<Tensor> inputs, long index) {
        List<Tensor> row = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            row.add(input.rows(index, index + 1));
        }
        return row;
    }
}
