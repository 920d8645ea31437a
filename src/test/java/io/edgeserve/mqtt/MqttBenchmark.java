package io.edgeserve.mqtt;

import io.edgeserve.EdgeserveApplication;
import io.edgeserve.SharedModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MQTT against HTTP in one run (bench/mqtt.sh): the service in this JVM with its embedded broker, closed-loop clients
 * keeping 1 or 32 requests in flight for linreg and a CIFAR tile to resnet20, over MQTT 3.1.1 (the embedded broker's
 * version, as an Arduino-class device speaks it) and over HTTP/1.1 keep-alive (wrk, as bench/run.sh measures HTTP, where
 * it is installed; {@code HTTP_CLIENT=jdk} uses the JDK's client instead). Prints req/s and p50 per cell.
 * The device's client, like the gateway's, turns Nagle's algorithm off (an embedded device's TCP stack sends small
 * packets at once too). Knobs: DURATION (seconds per cell, default 10), WARMUP (seconds, default 3), CONCURRENCY (default 1,32).
 */
public final class MqttBenchmark {

    private record Model(String name, String contentType, byte[] body) {}

    private record Result(long requests, double seconds, long p50Nanos, long errors) {}

    public static void main(String[] args) throws Exception {
        double duration = Double.parseDouble(env("DURATION", "10"));
        double warmup = Double.parseDouble(env("WARMUP", "3"));
        int[] concurrency = Arrays.stream(env("CONCURRENCY", "1,32").split(",")).mapToInt(Integer::parseInt).toArray();
        Path root = Files.createTempDirectory("edgeserve-mqtt-bench-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg", "cifar-resnet20-v1");
        int mqttPort = MosquittoBroker.freePort();
        ConfigurableApplicationContext service = new SpringApplicationBuilder(EdgeserveApplication.class).run(
                "--server.port=0", "--edgeserve.model-dir=" + models, "--spring.main.banner-mode=off",
                "--edgeserve.manifest-dir=" + SharedModels.MANIFESTS, "--edgeserve.work-dir=" + root.resolve("work"),
                "--edgeserve.mqtt.enabled=true", "--edgeserve.mqtt.embedded.host=127.0.0.1",
                "--edgeserve.mqtt.embedded.port=" + mqttPort, "--logging.level.root=WARN");
        try {
            int httpPort = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            awaitReady(httpPort);
            List<Model> cases = List.of(
                    new Model("sagemaker-linreg", "application/json", "[[1, 2]]".getBytes(StandardCharsets.UTF_8)),
                    new Model("cifar-resnet20-v1", "image/png",
                            Files.readAllBytes(SharedModels.DATA.resolve("cifar10-samples/airplane_0.png"))));
            System.out.printf(Locale.ROOT, "%-18s %-9s %8s %10s %10s %7s%n", "model", "transport", "in-flight",
                    "req/s", "p50 ms", "errors");
            for (Model model : cases) {
                for (int inFlight : concurrency) {
                    Result http = WRK ? wrk(warmup, duration, inFlight, httpPort, model)
                            : run(warmup, duration, inFlight, () -> httpCall(httpPort, model));
                    print(model, "http", inFlight, http);
                    try (TestDevice.V3 device = new TestDevice.V3("tcp://127.0.0.1:" + mqttPort, "bench-" + inFlight,
                            NoDelaySockets.plain())) {
                        AtomicLong ids = new AtomicLong();
                        Result mqtt = run(warmup, duration, inFlight, () -> device.send(model.name(),
                                "b" + ids.incrementAndGet(), model.body()).thenApply(answer -> !answer.text()
                                        .contains("edgeserve.io/problems")));
                        print(model, "mqtt", inFlight, mqtt);
                    }
                }
            }
        } finally {
            service.close();
        }
        System.exit(0);
    }

    /** One call: completes with whether it was answered rather than refused. */
    @FunctionalInterface
    private interface Call {
        CompletableFuture<Boolean> start() throws Exception;
    }

    /** {@code inFlight} closed loops: each starts its next call when its last one is answered. */
    private static Result run(double warmupSeconds, double seconds, int inFlight, Call call) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        var loops = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < inFlight; i++) {
            loops.execute(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        boolean ok = call.start().get(30, TimeUnit.SECONDS);
                        if (measuring.get()) {
                            latencies.add(System.nanoTime() - start);
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        loops.shutdown();
        loops.awaitTermination(60, TimeUnit.SECONDS);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, elapsed, sorted.length == 0 ? 0 : sorted[sorted.length / 2], errors.get());
    }

    /** HTTP through wrk where it is installed (as bench/run.sh measures HTTP), else the JDK's client. */
    private static final boolean WRK = !"jdk".equals(System.getenv("HTTP_CLIENT"))
            && Files.isExecutable(Path.of("/usr/bin/wrk"));

    private static Result wrk(double warmupSeconds, double seconds, int connections, int port, Model model)
            throws Exception {
        Path body = Files.createTempFile("mqtt-bench-body-", "");
        Files.write(body, model.body());
        String url = "http://127.0.0.1:" + port + "/models/" + model.name() + "/invoke";
        wrkRun(Math.max(1, Math.round(warmupSeconds)), connections, url, body, model);
        String line = wrkRun(Math.max(1, Math.round(seconds)), connections, url, body, model);
        Files.deleteIfExists(body);
        java.util.Map<String, Long> values = new java.util.HashMap<>();
        for (String pair : line.substring(line.indexOf(' ') + 1).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Result(values.get("requests"), values.get("duration_us") / 1e6, values.get("p50_us") * 1000,
                values.get("non200") + values.get("socket_errors"));
    }

    private static String wrkRun(long seconds, int connections, String url, Path body, Model model) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                "-s", "bench/wrk/invoke.lua", url, "--", body.toString(), model.contentType())
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        return output.lines().filter(l -> l.startsWith("EDGESERVE-BENCH")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk said: " + output));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private static CompletableFuture<Boolean> httpCall(int port, Model model) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + model.name()
                        + "/invoke")).header("Content-Type", model.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(model.body())).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> r.statusCode() == 200);
    }

    private static void awaitReady(int port) throws Exception {
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build();
        for (int i = 0; i < 1200; i++) {
            HttpResponse<String> answer = HTTP.send(ping, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && answer.body().contains("\"connected\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready");
    }

    private static void print(Model model, String transport, int inFlight, Result result) {
        System.out.printf(Locale.ROOT, "%-18s %-9s %8d %10.1f %10.2f %7d%n", model.name(), transport, inFlight,
                result.requests() / result.seconds(), result.p50Nanos() / 1e6, result.errors());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private MqttBenchmark() {}
}
