package io.edgeserve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as SageMaker and Kubernetes send it, to a real edgeserve process with requests in flight: the
 * queued requests are all answered, then the process exits.
 */
class GracefulShutdownTest {

    private static final int IN_FLIGHT = 6;

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void sigterm_answersRequestsInFlightThenExits() throws Exception {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-sigterm-").resolve("models"), "cifar-resnet56-v1");
        int port = freePort();
        Process server = start(models, port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http, port, server);
            byte[] batch = SharedModels.npy(new long[] {32, 3, 32, 32}, new float[32 * 3 * 32 * 32]);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                        .header("Content-Type", "application/x-npy")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            awaitQueued(http, port);

            server.destroy();

            for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                HttpResponse<String> answered = response.get(60, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).isEqualTo(200);
                assertThat(answered.body()).startsWith("[[");
            }
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();
            assertThat(server.exitValue()).isIn(0, 143);
        } finally {
            server.destroyForcibly();
        }
    }

    private static Process start(Path models, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), EdgeserveApplication.class.getName(),
                "--server.port=" + port, "--edgeserve.model-dir=" + models,
                "--edgeserve.manifest-dir=" + SharedModels.MANIFESTS, "--edgeserve.batching.workers=1",
                "--edgeserve.batching.max-batch-size=32", "--edgeserve.shutdown-grace=30s");
        builder.environment().put("MXNET_ENGINE_TYPE", "NaiveEngine");
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true).redirectOutput(Files.createTempFile("edgeserve-sigterm-", ".log").toFile());
        return builder.start();
    }

    private static void awaitHealthy(HttpClient http, int port, Process server) throws Exception {
        for (int i = 0; i < 600; i++) {
            assertThat(server.isAlive()).as("the server process is running").isTrue();
            try {
                if (http.send(get(port, "/ping"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("edgeserve did not become healthy");
    }

    /** Waits until the batcher holds queued work, so that SIGTERM arrives with requests really in flight. */
    private static void awaitQueued(HttpClient http, int port) throws Exception {
        for (int i = 0; i < 500; i++) {
            String model = http.send(get(port, "/models/cifar-resnet56-v1"), HttpResponse.BodyHandlers.ofString()).body();
            if (!model.contains("\"queueDepth\":0")) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no request was ever queued");
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
