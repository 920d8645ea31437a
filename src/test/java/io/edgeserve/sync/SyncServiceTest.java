package io.edgeserve.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service following a folder catalogue: the first sync at start, {@code POST /sync} moving
 * {@code cifar} from resnet20-v1 to resnet20-v2 while clients keep calling it, the status and metrics behind
 * management access.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeserve.security.management.enabled=true",
        "edgeserve.security.management.tokens=" + SyncServiceTest.TOKEN,
        "edgeserve.sync.interval=1h",
        "edgeserve.sync.drain=1s"})
class SyncServiceTest extends LiveService {

    static final String TOKEN = "sync-test-token-0123456789abcdef";
    private static final KeyPair KEY = Ed25519Keys.generate();
    private static Path models;
    private static Path published;

    @DynamicPropertySource
    static void sync(DynamicPropertyRegistry registry) throws IOException {
        if (!SharedModels.present()) {
            return;
        }
        Path root = Files.createTempDirectory("edgeserve-sync-");
        models = root.resolve("publisher-models");
        published = root.resolve("published");
        SyncRig.layOutCifar(models, 1, "cifar-resnet20-v1");
        CatalogueBuilder.build(models, published, KEY.getPrivate(), 1L, Instant.now().plus(Duration.ofDays(1)), false);
        Path publicKey = Files.writeString(root.resolve("public.pem"), Ed25519Keys.publicPem(KEY.getPublic()));
        Files.createDirectories(root.resolve("empty-model-dir"));
        registry.add("edgeserve.model-dir", () -> root.resolve("empty-model-dir").toString());
        registry.add("edgeserve.sync.source", () -> published.toUri().toString());
        registry.add("edgeserve.sync.public-keys", publicKey::toString);
        registry.add("edgeserve.sync.dir", () -> root.resolve("sync").toString());
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    private void awaitServing(long version) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Integer serving = given(api).header("Authorization", "Bearer " + TOKEN).get("/sync").then().extract()
                    .path("models.cifar.serving");
            if (serving != null && serving == version) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("cifar never served version " + version);
    }

    @Test
    void syncStatus_needsManagementAccess() {
        given(api).get("/sync").then().statusCode(401);
        given(api).post("/sync").then().statusCode(401);
    }

    @Test
    void newVersionSwappedInUnderLoad_failsNoRequest_andAnswersSwitch() throws Exception {
        awaitServing(1);
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = SharedModels.npy(new long[] {1, 3, 32, 32}, SyncRig.fill(0.5f));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/cifar/invoke"))
                .header("Content-Type", "application/x-npy").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String v1Answer = client.send(request, HttpResponse.BodyHandlers.ofString()).body();

        var calls = new ConcurrentLinkedQueue<Call>();
        var running = new AtomicBoolean(true);
        var errors = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        calls.add(new Call(start, System.nanoTime(), response.statusCode(), response.body()));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(3_000);
        SyncRig.layOutCifar(models, 2, "cifar-resnet20-v2");
        CatalogueBuilder.build(models, published, KEY.getPrivate(), 2L, Instant.now().plus(Duration.ofDays(1)), false);
        long swapStart = System.nanoTime();
        int applied = given(api).header("Authorization", "Bearer " + TOKEN).post("/sync").then().statusCode(200)
                .extract().path("appliedVersion");
        long swapEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        Thread.sleep(3_000);
        running.set(false);
        for (Thread thread : clients) {
            thread.join();
        }

        List<Call> all = List.copyOf(calls);
        List<Call> failed = all.stream().filter(call -> call.status() != 200).toList();
        List<Call> afterSwap = all.stream().filter(call -> call.startNanos() - swapEnd > 0).toList();
        List<Call> beforeSwap = all.stream().filter(call -> call.endNanos() - swapStart < 0).toList();
        List<Call> during = all.stream()
                .filter(call -> call.endNanos() - swapStart >= 0 && call.startNanos() - swapEnd <= 0).toList();
        System.out.printf("sync figure: swap under load: %d requests, %d failed, %d transport errors; p99 before %.1f ms"
                + " (%d requests), p99 during the swap %.1f ms (%d requests), p99 after %.1f ms%n", all.size(),
                failed.size(), errors.get(), p99Millis(beforeSwap), beforeSwap.size(), p99Millis(during), during.size(),
                p99Millis(afterSwap));
        assertThat(applied).isEqualTo(2);
        assertThat(failed).isEmpty();
        assertThat(errors.get()).isZero();
        // Batches of different sizes differ in the last float digits, so answers are told apart by distance.
        assertThat(beforeSwap).isNotEmpty().allSatisfy(call -> assertThat(distance(call.body(), v1Answer)).isLessThan(1e-3));
        assertThat(afterSwap).isNotEmpty().allSatisfy(call -> assertThat(distance(call.body(), v1Answer)).isGreaterThan(0.1));

        String metrics = given(api).header("Authorization", "Bearer " + TOKEN).get("/metrics").asString();
        assertThat(metrics).contains("edgeserve_sync_applied_version 2.0")
                .contains("edgeserve_sync_swaps_total{model=\"cifar\"} 2.0")
                .containsPattern("edgeserve_sync_download_bytes_total [1-9]");
        java.util.regex.Matcher read = java.util.regex.Pattern.compile("edgeserve_sync_[a-z_]+")
                .matcher(Files.readString(Path.of("docs", "grafana-dashboard.json")));
        List<String> dashboardReads = read.results().map(java.util.regex.MatchResult::group).distinct().toList();
        assertThat(dashboardReads).as("sync metrics the Grafana dashboard reads").hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(name -> assertThat(metrics).contains("\n" + name));
    }

    /** The largest difference between two JSON answers' numbers. */
    private static double distance(String a, String b) {
        double[] x = numbers(a);
        double[] y = numbers(b);
        assertThat(x).hasSameSizeAs(y);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    private static double[] numbers(String json) {
        return java.util.Arrays.stream(json.replaceAll("[\\[\\]\\s]", "").split(",")).mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** One request of the load generator. */
    private record Call(long startNanos, long endNanos, int status, String body) {}

    private static double p99Millis(List<Call> calls) {
        List<Long> durations = new ArrayList<>(calls.stream().map(call -> call.endNanos() - call.startNanos()).toList());
        if (durations.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(durations);
        return durations.get((int) Math.min(durations.size() - 1, Math.ceil(durations.size() * 0.99) - 1)) / 1e6;
    }
}
