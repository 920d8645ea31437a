package io.edgeserve.capture;

import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationRecord;
import io.edgeserve.invocation.InvocationRequest;
import io.edgeserve.invocation.Transport;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.Precision;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Invocation records as the core makes them, and captured lines read back, for the capture tests. */
final class CaptureRecords {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private CaptureRecords() {}

    static InvocationRecord answered(String requestId, String contentType, byte[] body, String answerType,
            byte[] answer, String model) {
        InvocationRequest request = new InvocationRequest(Transport.HTTP, requestId, model, "trace=42", contentType,
                answerType, new ByteArrayInputStream(body), body.length, 1 << 20, null, null, System.nanoTime());
        InvocationAnswer answered = new InvocationAnswer(MediaType.parseMediaType(answerType), answer, model,
                Precision.FLOAT32, 1000);
        return new InvocationRecord(request, model, Precision.FLOAT32, 200, null, 2000, 1000, body.length,
                answer.length, body, answered, Instant.parse("2026-12-03T13:45:07.123Z"));
    }

    static InvocationRecord json(String requestId) {
        return answered(requestId, "application/json", "[[1, 2]]".getBytes(), "application/json", "[[3.0]]".getBytes(),
                "linreg");
    }

    static InvocationRecord refused(String requestId) {
        InvocationRequest request = new InvocationRequest(Transport.HTTP, requestId, "linreg", null, "application/json",
                null, new ByteArrayInputStream(new byte[0]), 0, 1 << 20, null, null, System.nanoTime());
        return new InvocationRecord(request, "linreg", Precision.FLOAT32, 400, ProblemType.MALFORMED_BODY, 2000, -1, 3,
                100, "[[1".getBytes(), null, Instant.now());
    }

    static JsonNode parse(byte[] line) {
        return JSON.readTree(line);
    }

    static List<JsonNode> lines(String text) {
        return text.lines().map(JSON::readTree).toList();
    }
}
