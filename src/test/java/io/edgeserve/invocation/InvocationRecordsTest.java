package io.edgeserve.invocation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.Precision;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The core tells its listeners of every request exactly once, answered or refused, with what metrics and data capture
 * need: the transport, the model and variant, the status, the bytes read and the answer.
 */
class InvocationRecordsTest extends LiveService {

    private static final String IRIS_ROW = "[[5.1, 3.5, 1.4, 0.2]]";

    @TestConfiguration
    static class Recording {

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    static class RecordingListener implements InvocationListener {

        final List<InvocationRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void completed(InvocationRecord record) {
            records.add(record);
        }

        List<InvocationRecord> of(String requestId) {
            return records.stream().filter(record -> requestId.equals(record.request().requestId())).toList();
        }
    }

    @DynamicPropertySource
    static void bundledIris(DynamicPropertyRegistry registry) {
        registry.add("edgeserve.model-dir", () -> Path.of("models").toAbsolutePath().toString());
    }

    @Autowired
    RecordingListener listener;

    @Test
    void answeredRequest_isRecordedOnceWithBothBodies() {
        String id = newId();
        byte[] answer = given(api).header("X-Amzn-SageMaker-Inference-Id", id).contentType("application/json")
                .body(IRIS_ROW).post("/models/iris/invoke").then().statusCode(200).extract().asByteArray();

        List<InvocationRecord> records = listener.of(id);
        assertThat(records).hasSize(1);
        InvocationRecord record = records.getFirst();
        assertThat(record.transport()).isEqualTo(Transport.HTTP);
        assertThat(record.model()).isEqualTo("iris");
        assertThat(record.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.problem()).isNull();
        assertThat(new String(record.requestBody(), StandardCharsets.UTF_8)).isEqualTo(IRIS_ROW);
        assertThat(record.requestBytes()).isEqualTo(IRIS_ROW.length());
        assertThat(record.answer().body()).isEqualTo(answer);
        assertThat(record.responseBytes()).isEqualTo(answer.length);
        assertThat(record.inferenceNanos()).isPositive();
        assertThat(record.durationNanos()).isGreaterThanOrEqualTo(record.inferenceNanos());
    }

    @Test
    void refusedRequest_isRecordedOnceWithItsProblemAndNoAnswer() {
        String id = newId();
        given(api).header("X-Amzn-SageMaker-Inference-Id", id).contentType("application/json").body("[[5.1, 3.5]]")
                .post("/models/iris/invoke").then().statusCode(400);

        InvocationRecord record = listener.of(id).getFirst();
        assertThat(listener.of(id)).hasSize(1);
        assertThat(record.status()).isEqualTo(400);
        assertThat(record.problem()).isEqualTo(ProblemType.SHAPE_MISMATCH);
        assertThat(record.model()).isEqualTo("iris");
        assertThat(record.answered()).isFalse();
        assertThat(record.inferenceNanos()).isEqualTo(-1);
    }

    @Test
    void unknownModel_isRecordedUnderTheNameItAskedFor() {
        String id = newId();
        given(api).header("X-Amzn-SageMaker-Inference-Id", id).contentType("application/json").body(IRIS_ROW)
                .post("/models/no-such-model/invoke").then().statusCode(404);

        InvocationRecord record = listener.of(id).getFirst();
        assertThat(record.model()).isEqualTo("no-such-model");
        assertThat(record.precision()).isNull();
        assertThat(record.problem()).isEqualTo(ProblemType.MODEL_NOT_FOUND);
    }

    @Test
    void declaredOversizeBody_recordsTheBytesReadNotTheBytesDeclared() throws IOException {
        String id = newId();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /models/iris/invoke HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Amzn-SageMaker-Inference-Id: " + id + "\r\n"
                    + "Content-Length: 9223372036854775807\r\nConnection: close\r\n\r\n[[1").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 413");
        }

        InvocationRecord record = listener.of(id).getFirst();
        assertThat(record.problem()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
        assertThat(record.requestBytes()).isZero();
    }

    @Test
    void runtimeApiVariantRefusedByItsFrontEnd_isRecordedOnceToo() {
        String id = newId();
        given(api).header("X-Amzn-SageMaker-Inference-Id", id).header("X-Amzn-SageMaker-Target-Variant", "fp8")
                .contentType("application/json").body(IRIS_ROW).post("/endpoints/iris/invocations")
                .then().statusCode(400).header("x-amzn-ErrorType", "ValidationError");

        assertThat(listener.of(id)).singleElement().satisfies(record -> {
            assertThat(record.status()).isEqualTo(ProblemType.VARIANT_NOT_AVAILABLE.status());
            assertThat(record.problem()).isEqualTo(ProblemType.VARIANT_NOT_AVAILABLE);
        });
    }

    @Test
    void responseStream_isRecordedOnceWithItsPartsJoined() {
        String id = newId();
        given(api).header("X-Amzn-SageMaker-Inference-Id", id).contentType("text/csv")
                .header("X-Amzn-SageMaker-Accept", "text/csv").body("5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n")
                .post("/endpoints/iris/invocations-response-stream").then().statusCode(200).extract().asByteArray();

        assertThat(listener.of(id)).singleElement().satisfies(record -> {
            assertThat(record.status()).isEqualTo(200);
            assertThat(new String(record.answer().body(), StandardCharsets.UTF_8).lines()).hasSize(2);
        });
    }

    private static String newId() {
        return "records-" + UUID.randomUUID();
    }
}
