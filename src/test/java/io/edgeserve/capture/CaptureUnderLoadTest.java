package io.edgeserve.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A capture queue of one record under 16 concurrent clients: every request is answered as without capture, and
 * each answered request is either captured or counted as dropped, never lost silently and never waited for.
 */
class CaptureUnderLoadTest extends LiveService {

    private static final int CLIENTS = 16;
    private static final int REQUESTS_EACH = 20;

    @DynamicPropertySource
    static void capture(DynamicPropertyRegistry registry) throws Exception {
        registry.add("edgeserve.model-dir", () -> java.nio.file.Path.of("models").toAbsolutePath().toString());
        registry.add("edgeserve.capture.enabled", () -> "true");
        registry.add("edgeserve.capture.dir", Files.createTempDirectory("edgeserve-capture-load-")::toString);
        registry.add("edgeserve.capture.queue-capacity", () -> "1");
    }

    @Test
    void fullQueue_dropsAndCounts_whileEveryRequestIsAnswered() throws Exception {
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                statuses.add(clients.submit(() -> {
                    int answered = 0;
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        answered += given(api).contentType("application/json").body("[[5.1, 3.5, 1.4, 0.2]]")
                                .post("/models/iris/invoke").statusCode() == 200 ? 1 : 0;
                    }
                    return answered;
                }));
            }
        }
        int answered = 0;
        for (Future<Integer> status : statuses) {
            answered += status.get();
        }
        assertThat(answered).isEqualTo(CLIENTS * REQUESTS_EACH);

        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = CaptureRecords.JSON.readTree(given(api).get("/capture").asString());
            if (status.get("capturedRecords").asLong() + status.at("/droppedRecords/queue_full").asLong() >= answered) {
                break;
            }
            Thread.sleep(100);
        }
        long captured = status.get("capturedRecords").asLong();
        long dropped = status.at("/droppedRecords/queue_full").asLong();
        assertThat(captured + dropped).as("captured %d, dropped %d", captured, dropped).isEqualTo(answered);
        assertThat(dropped).as("a queue of one under 16 clients overflows").isPositive();
    }
}
