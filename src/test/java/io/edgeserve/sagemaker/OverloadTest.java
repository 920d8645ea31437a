package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Many concurrent clients against a queue of one: the excess is refused at once with 503 and Retry-After,
 * every accepted request gets its own correct answer, and the container stays healthy throughout.
 */
@TestPropertySource(properties = {
        "edgeserve.batching.queue-capacity=1", "edgeserve.batching.workers=1", "edgeserve.batching.max-batch-size=1"})
class OverloadTest extends LiveService {

    private static final int CLIENTS = 24;
    private static final int REQUESTS_PER_CLIENT = 4;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-overload-").resolve("models"),
                "cifar-resnet20-v1");
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    private Response classify(byte[] npy) {
        return given(api).contentType("application/x-npy").body(npy).post("/invocations");
    }

    @Test
    void overload_refusesTheExcessWithRetryAfterAndAnswersTheRestCorrectly() throws Exception {
        List<byte[]> images = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String tile : List.of("airplane_0.png", "cat_0.png", "ship_0.png", "truck_0.png")) {
            byte[] npy = SharedModels.npy(new long[] {1, 3, 32, 32},
                    SharedModels.cifarPixels(SharedModels.DATA.resolve("cifar10-samples").resolve(tile)));
            images.add(npy);
            expected.add(classify(npy).then().statusCode(200).extract().asString());
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Integer> pingStatuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread pinger = Thread.ofPlatform().start(() -> {
            while (loading.get()) {
                pingStatuses.add(given(api).get("/ping").statusCode());
            }
        });

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int offset = client;
                work.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        int which = (offset + i) % images.size();
                        Response response = classify(images.get(which));
                        if (response.statusCode() == 200) {
                            assertThat(response.asString()).isEqualTo(expected.get(which));
                            accepted.incrementAndGet();
                        } else {
                            assertThat(response.statusCode()).isEqualTo(503);
                            assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
                            assertThat(response.contentType()).startsWith("application/problem+json");
                            assertThat(response.jsonPath().getString("type")).isEqualTo("https://edgeserve.io/problems/queue-full");
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            clients.shutdown();
            loading.set(false);
            pinger.join();
        }

        assertThat(refused.get()).isPositive();
        assertThat(accepted.get()).isPositive();
        assertThat(accepted.get() + refused.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(pingStatuses).isNotEmpty().containsOnly(200);
        given(api).get("/ping").then().statusCode(200);
    }
}
