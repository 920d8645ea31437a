package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/wrk/request.lua with the real wrk, against a stub server: it sends the body and headers the service needs,
 * and a run whose answers are not 200 cannot pass for a result.
 */
class WrkTest {

    private static final Path SCRIPT = Path.of("bench/wrk/request.lua").toAbsolutePath();

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger wrongRequests = new AtomicInteger();
    private final ConcurrentHashMap<String, String> lastHeaders = new ConcurrentHashMap<>();

    /** Skipped where wrk is missing, except under CI, where .ci/run installs it and its absence is a failure. */
    @BeforeAll
    static void requireWrk() {
        boolean installed = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, "wrk")));
        String why = "wrk is not installed (apt-get install wrk)";
        if (!installed && ("true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("EDGESERVE_REQUIRE_API_TOOLS")))) {
            fail(why + "; .ci/run installs it, and under CI a missing tool is a failure");
        }
        assumeTrue(installed, why + ": the wrk script test is skipped");
    }

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] expected = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 0, 10, (byte) 0xff};
        server.createContext("/ok", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!Arrays.equals(body, expected)) {
                wrongRequests.incrementAndGet();
            }
            lastHeaders.put("type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            lastHeaders.put("accept", String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
            lastHeaders.put("model",
                    String.valueOf(exchange.getRequestHeaders().getFirst("X-Amzn-SageMaker-Target-Model")));
            answer(exchange, 200);
        });
        server.createContext("/busy", exchange -> answer(exchange, 503));
        server.createContext("/moved", exchange -> answer(exchange, 302));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Files.write(dir.resolve("body.npy"), expected);
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void binaryBodyAndHeaders_reachTheServerAsTheyAre() throws Exception {
        LoadResult result = wrk().run(url("/ok"), 2, "1s",
                List.of("POST", dir.resolve("body.npy").toString(), "application/x-npy", "cifar-resnet20-v1"));

        assertThat(result.failed()).isFalse();
        assertThat(result.requests()).isPositive();
        assertThat(wrongRequests).hasValue(0);
        assertThat(lastHeaders).containsEntry("type", "application/x-npy").containsEntry("accept", "application/x-npy")
                .containsEntry("model", "cifar-resnet20-v1");
    }

    @Test
    void refusedRequests_failTheRun() throws Exception {
        LoadResult result = wrk().run(url("/busy"), 2, "1s", List.of("GET"));

        assertThat(result.failed()).isTrue();
        assertThat(result.non200()).isEqualTo(result.requests());
    }

    @Test
    void redirects_failTheRunThoughWrkItselfCountsOnlyErrors() throws Exception {
        LoadResult result = wrk().run(url("/moved"), 1, "1s", List.of("GET"));

        assertThat(result.failed()).isTrue();
        assertThat(result.non200()).isPositive();
    }

    private Wrk wrk() {
        return new Wrk(SCRIPT, dir.resolve("wrk.log"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        byte[] body = "{}".getBytes();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
