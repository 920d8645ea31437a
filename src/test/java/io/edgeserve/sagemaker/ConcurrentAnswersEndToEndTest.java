package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real ResNet under many concurrent clients, each sending its own picture: lone requests run on their callers'
 * threads with a worker's predictor, the rest queue and batch on the workers, and every client must get the logits
 * of its own picture, as that picture gets alone. A predictor used by two threads at once, or rows split to the wrong
 * caller, would show as another picture's logits or an engine failure.
 */
class ConcurrentAnswersEndToEndTest extends LiveService {

    private static final int CLIENTS = 12;
    private static final int REQUESTS_PER_CLIENT = 8;
    private static final Pattern BATCH_REQUESTS_COUNT = Pattern.compile(
            "edgeserve_batch_requests_count\\{[^}]*model=\"cifar-resnet20-v1\"[^}]*} (\\S+)");
    private static final Pattern BATCH_REQUESTS_SUM = Pattern.compile(
            "edgeserve_batch_requests_sum\\{[^}]*model=\"cifar-resnet20-v1\"[^}]*} (\\S+)");

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-concurrent-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "cifar-resnet20-v1");
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.work-dir", () -> root.resolve("work").toString());
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
        SharedModels.cifarSamples();
    }

    @Test
    void manyConcurrentClients_eachGetTheLogitsOfTheirOwnPicture() throws Exception {
        List<byte[]> pictures = pictures();
        List<double[]> alone = new ArrayList<>();
        for (byte[] picture : pictures) {
            alone.add(logits(send(HttpClient.newHttpClient(), picture)));
        }
        double[] before = batchRequests();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<String>>> answers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            byte[] picture = pictures.get(c);
            CompletableFuture<List<String>> mine = new CompletableFuture<>();
            answers.add(mine);
            Thread.ofPlatform().name("test-client-" + c).start(() -> {
                try {
                    go.await();
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        bodies.add(send(client, picture));
                    }
                    mine.complete(bodies);
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
                }
            });
        }
        go.countDown();

        for (int c = 0; c < CLIENTS; c++) {
            for (String body : answers.get(c).get(120, TimeUnit.SECONDS)) {
                assertThat(logits(body)).as("client %d's answer", c).containsExactly(alone.get(c), within(1e-4));
            }
        }
        double[] after = batchRequests();
        double batches = after[0] - before[0];
        double requests = after[1] - before[1];
        assertThat(requests).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(batches).as("some requests shared a batch").isLessThan(requests);
    }

    /** Distinct pictures, one per client; their logits differ from each other's. */
    private static List<byte[]> pictures() throws IOException {
        try (Stream<Path> tiles = Files.list(SharedModels.cifarSamples())) {
            List<Path> chosen = tiles.filter(tile -> tile.getFileName().toString().matches("[a-z]+_\\d+\\.png"))
                    .sorted().limit(CLIENTS).toList();
            assertThat(chosen).hasSize(CLIENTS);
            List<byte[]> pictures = new ArrayList<>();
            for (Path tile : chosen) {
                pictures.add(Files.readAllBytes(tile));
            }
            return pictures;
        }
    }

    private String send(HttpClient client, byte[] picture) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/invocations"))
                .header("Content-Type", "image/png").header("Accept", "application/json; format=tensor")
                .POST(HttpRequest.BodyPublishers.ofByteArray(picture)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static double[] logits(String body) {
        return Stream.of(body.replaceAll("[\\[\\]\\s]", "").split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The batch-requests summary's count (batches run) and sum (requests in them) for the model. */
    private double[] batchRequests() {
        String metrics = given(api).get("/metrics").asString();
        return new double[] {value(BATCH_REQUESTS_COUNT, metrics), value(BATCH_REQUESTS_SUM, metrics)};
    }

    private static double value(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        assertThat(matcher.find()).as("metric %s in /metrics", pattern).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
