package io.edgeserve.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service with capture at 100% to a {@code file:} destination, serving the bundled Iris model: every answered
 * request arrives once with its exact bodies, whichever front end it came through; refused ones never do.
 */
class CaptureEndToEndTest extends LiveService {

    private static final Path ROOT = temporaryFolder();
    static final Path SPOOL = ROOT.resolve("spool");
    static final Path STORE = ROOT.resolve("store");

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("edgeserve-capture-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void capture(DynamicPropertyRegistry registry) {
        registry.add("edgeserve.model-dir", () -> Path.of("models").toAbsolutePath().toString());
        registry.add("edgeserve.capture.enabled", () -> "true");
        registry.add("edgeserve.capture.dir", SPOOL::toString);
        registry.add("edgeserve.capture.destination", () -> STORE.toUri().toString());
        registry.add("edgeserve.capture.endpoint-name", () -> "test-gateway");
        registry.add("edgeserve.capture.flush-interval", () -> "100ms");
        registry.add("edgeserve.capture.rotate-interval", () -> "200ms");
    }

    private Response invoke(String path, String id, String type, String body) {
        return given(api).header("X-Amzn-SageMaker-Inference-Id", id).header("X-Amzn-SageMaker-Custom-Attributes",
                "trace=" + id).contentType(type).accept(type).body(body).post(path);
    }

    @Test
    void everyAnsweredRequest_arrivesOnceWithItsExactBodies_andRefusedOnesNever() throws Exception {
        Map<String, String[]> sent = new HashMap<>(); // id -> request body, answer body
        String[] rows = {"[[5.1, 3.5, 1.4, 0.2]]", "[[6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9]]"};
        for (int i = 0; i < 10; i++) {
            String id = "json-" + i;
            String body = rows[i % 2];
            String path = i % 3 == 0 ? "/invocations" : i % 3 == 1 ? "/models/iris/invoke" : "/endpoints/iris/invocations";
            Response response = invoke(path, id, "application/json", body);
            response.then().statusCode(200);
            sent.put(id, new String[] {body, response.asString()});
        }
        Response csv = invoke("/invocations", "csv-0", "text/csv", "5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
        csv.then().statusCode(200);
        sent.put("csv-0", new String[] {"5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n", csv.asString()});
        invoke("/invocations", "refused-0", "application/json", "[[5.1, 3.5]]").then().statusCode(400);
        invoke("/models/nothing/invoke", "refused-1", "application/json", rows[0]).then().statusCode(404);

        Map<String, JsonNode> arrived = awaitRecords(sent.size());

        assertThat(arrived.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        sent.forEach((id, bodies) -> {
            JsonNode record = arrived.get(id);
            assertThat(record.at("/captureData/endpointInput/data").asString()).isEqualTo(bodies[0]);
            assertThat(record.at("/captureData/endpointOutput/data").asString()).isEqualTo(bodies[1]);
            assertThat(record.at("/eventMetadata/customAttributes").asString()).isEqualTo("trace=" + id);
            assertThat(record.at("/eventMetadata/model").asString()).isEqualTo("iris");
            assertThat(record.at("/eventMetadata/variant").asString()).isEqualTo("float32");
        });
        assertThat(arrived.get("csv-0").at("/captureData/endpointInput/encoding").asString()).isEqualTo("CSV");
        try (var keys = Files.walk(STORE)) {
            assertThat(keys.filter(Files::isRegularFile).map(p -> STORE.relativize(p).toString()))
                    .allMatch(key -> key.matches("test-gateway/float32/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[^/]+\\.jsonl"));
        }

        JsonNode status = CaptureRecords.JSON.readTree(given(api).get("/capture").then().statusCode(200).extract().asString());
        assertThat(status.get("enabled").asBoolean()).isTrue();
        assertThat(status.get("capturedRecords").asLong()).isEqualTo(sent.size());
        assertThat(status.get("uploads").asLong()).isPositive();
        assertThat(status.get("lastUpload").isNull()).isFalse();
        assertThat(status.get("destination").asString()).isEqualTo(STORE.toUri().toString());
        String metrics = given(api).get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("edgeserve_capture_records_total " + sent.size() + ".0")
                .contains("edgeserve_capture_dropped_records_total{reason=\"queue_full\"} 0.0")
                .contains("edgeserve_capture_last_upload_timestamp_seconds");
    }

    /** Every record in the store by its event id, once {@code expected} have arrived (or after 20 s). */
    private static Map<String, JsonNode> awaitRecords(int expected) throws Exception {
        Map<String, JsonNode> records = new HashMap<>();
        for (int attempt = 0; attempt < 200; attempt++) {
            records.clear();
            List<Path> objects;
            try (var walk = Files.walk(STORE)) {
                objects = walk.filter(p -> p.toString().endsWith(".jsonl")).toList();
            } catch (java.nio.file.NoSuchFileException e) {
                objects = List.of();
            }
            int lines = 0;
            for (Path object : objects) {
                for (JsonNode line : CaptureRecords.lines(Files.readString(object))) {
                    records.put(line.at("/eventMetadata/eventId").asString(), line);
                    lines++;
                }
            }
            assertThat(lines).as("no record arrives twice").isEqualTo(records.size());
            if (records.size() >= expected) {
                return records;
            }
            Thread.sleep(100);
        }
        return records;
    }
}
