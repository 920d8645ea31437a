package io.edgeserve.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Clients that give up on a slow model: their requests wait behind one long batch on the only worker, their
 * connections close, and none of them is computed. They are counted as {@code cancelled} (499), not as answered;
 * the same for streams of the Runtime API.
 */
@TestPropertySource(properties = {"edgeserve.batching.workers=1", "edgeserve.batching.max-batch-size=1",
        "edgeserve.batching.queue-capacity=64"})
class AbandonedRequestsTest extends LiveService {

    private static final String MODEL = "cifar-resnet56-v1";
    private static final int BLOCKER_ROWS = 384;
    private static final int ABANDONED = 16;
    private static final int ABANDONED_STREAMS = 4;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-abandoned-").resolve("models"),
                MODEL);
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void clientsThatLeaveWhileQueued_areNeverComputedAndCountAsCancelled() throws Exception {
        byte[] oneRow = SharedModels.npy(new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]);
        byte[] manyRows = SharedModels.npy(new long[] {BLOCKER_ROWS, 3, 32, 32}, new float[BLOCKER_ROWS * 3 * 32 * 32]);
        Exposition before = scrape();
        CompletableFuture<Response> blocker = CompletableFuture.supplyAsync(
                () -> given(api).contentType("application/x-npy").body(manyRows).post("/invocations"));
        awaitBusyWorker(blocker);

        // A patient client that pipelines two requests on one connection: its waiting request is not taken for gone.
        Socket patient = new Socket(InetAddress.getLoopbackAddress(), port);
        patient.getOutputStream().write(concat(request("/invocations", oneRow, false), request("/invocations", oneRow, true)));
        List<Socket> leaving = new ArrayList<>();
        for (int i = 0; i < ABANDONED; i++) {
            leaving.add(send("/invocations", oneRow));
        }
        for (int i = 0; i < ABANDONED_STREAMS; i++) {
            leaving.add(send("/endpoints/" + MODEL + "/invocations-response-stream", oneRow));
        }
        Thread.sleep(50); // the clients' own timeout
        for (Socket socket : leaving) {
            socket.close();
        }
        Exposition cancelled = awaitCancelled(before, ABANDONED + ABANDONED_STREAMS);
        boolean blockerStillRunning = !blocker.isDone();

        assertThat(blocker.get().statusCode()).isEqualTo(200);
        String patientAnswers = new String(patient.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        patient.close();
        assertThat(patientAnswers.split("HTTP/1.1 200", -1)).hasSize(3);
        Exposition after = scrapeAfter(before, 3 + ABANDONED + ABANDONED_STREAMS);
        assertThat(delta(before, cancelled, "edgeserve_request_duration_seconds_count", "outcome", "cancelled"))
                .as("requests counted as cancelled while the long batch ran (still running: " + blockerStillRunning + ")")
                .isEqualTo(ABANDONED + ABANDONED_STREAMS);
        assertThat(delta(before, after, "edgeserve_request_duration_seconds_count", "outcome", "cancelled"))
                .isEqualTo(ABANDONED + ABANDONED_STREAMS);
        assertThat(delta(before, after, "edgeserve_request_duration_seconds_count", "outcome", "success")).isEqualTo(3);
        assertThat(delta(before, after, "edgeserve_batch_requests_sum")).as("requests computed").isEqualTo(3);
        assertThat(delta(before, after, "edgeserve_batch_size_sum")).as("rows computed").isEqualTo(BLOCKER_ROWS + 2);
        given(api).contentType("application/x-npy").body(oneRow).post("/invocations").then().statusCode(200);
    }

    /** Sends a whole request on a connection of its own and leaves the connection open, unread. */
    private Socket send(String path, byte[] body) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        out.write(request(path, body, false));
        out.flush();
        return socket;
    }

    private static byte[] request(String path, byte[] body, boolean last) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-npy\r\n"
                + (last ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return concat(head, body);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private void awaitBusyWorker(CompletableFuture<Response> blocker) throws InterruptedException {
        for (int i = 0; i < 600 && !blocker.isDone(); i++) {
            if (scrape().value("edgeserve_workers_busy", "model", MODEL) == 1) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the long batch never started, or ended before the test could use it");
    }

    private Exposition awaitCancelled(Exposition before, int expected) throws InterruptedException {
        Exposition scrape = scrape();
        for (int i = 0; i < 200 && delta(before, scrape, "edgeserve_request_duration_seconds_count", "outcome",
                "cancelled") < expected; i++) {
            Thread.sleep(25);
            scrape = scrape();
        }
        return scrape;
    }

    private Exposition scrape() {
        return Exposition.parse(given(api).get("/metrics").then().statusCode(200).extract().asString());
    }

    private Exposition scrapeAfter(Exposition before, int requests) throws InterruptedException {
        double expected = before.sum("edgeserve_requests_total") + requests;
        Exposition scrape = scrape();
        for (int i = 0; i < 100 && scrape.sum("edgeserve_requests_total") < expected; i++) {
            Thread.sleep(50);
            scrape = scrape();
        }
        return scrape;
    }

    private static double delta(Exposition before, Exposition after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
