package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import io.edgeserve.uplink.FaultyProxy;
import io.edgeserve.uplink.S3Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost of data capture (bench/capture.sh, docs/data-capture.md): req/s at one concurrency for each model with
 * capture off and with 100% capture, two services side by side, measured in alternation (off, on, off, on) so that
 * a busy machine's drift falls on both; then an S3-compatible destination (s3rver behind a proxy) refused for a
 * while under load: what queued, what was dropped, and how long the spool took to drain once it came back.
 *
 * <p>Knobs (environment): MODELS, CONCURRENCY (one value), DURATION, WARMUP, ROUNDS, OUTAGE (seconds the
 * destination is down; 0 skips it), OUTAGE_CONCURRENCY.
 */
public final class CaptureBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType TYPE = MediaType.APPLICATION_JSON;

    public static void main(String[] args) throws Exception {
        List<String> models = List.of(env("MODELS", "sagemaker-linreg,cifar-resnet20-v1").split(","));
        int concurrency = Integer.parseInt(env("CONCURRENCY", "32"));
        String duration = env("DURATION", "10s");
        String warmUp = env("WARMUP", "5s");
        int rounds = Integer.parseInt(env("ROUNDS", "2"));
        int outageSeconds = Integer.parseInt(env("OUTAGE", "60"));
        int outageConcurrency = Integer.parseInt(env("OUTAGE_CONCURRENCY", "4"));

        Path scratch = Files.createTempDirectory("edgeserve-capture-bench-");
        Path results = Files.createDirectories(Path.of("bench", "results"));
        String stamp = Instant.now().toString().replace(":", "").substring(0, 15);
        Path serve = Path.of("serve").toAbsolutePath();
        Wrk wrk = new Wrk(Path.of("bench", "wrk", "request.lua").toAbsolutePath(), results.resolve("capture-" + stamp + "-wrk.log"));
        Path modelDir = SharedModels.linkedFolder(scratch.resolve("models"), models.toArray(String[]::new));
        for (String model : models) {
            Files.write(scratch.resolve(model + ".json"), BenchModels.body(model, TYPE));
        }
        List<String> common = List.of("--edgeserve.model-dir=" + modelDir, "--edgeserve.manifest-dir=" + SharedModels.MANIFESTS,
                "--edgeserve.work-dir=" + scratch.resolve("work"));

        System.out.printf("# Capture cost: req/s at c=%d, %s per run, best of %d alternating runs (%s)%n%n",
                concurrency, duration, rounds, Machine.cores() + " cores, load average "
                + String.format(Locale.ROOT, "%.1f", Machine.loadAverage()));
        System.out.println("| model | capture off (req/s) | 100% capture (req/s) | on / off | CPU off (µs/req) "
                + "| CPU on (µs/req) | CPU on / off | records captured | dropped |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<String> off = new ArrayList<>(common);
        List<String> on = new ArrayList<>(common);
        on.addAll(List.of("--edgeserve.capture.enabled=true", "--edgeserve.capture.dir=" + scratch.resolve("spool"),
                "--edgeserve.capture.destination=" + scratch.resolve("store").toUri()));
        try (ServiceUnderTest without = ServiceUnderTest.start(serve, off, results.resolve("capture-" + stamp + "-off.log"));
             ServiceUnderTest with = ServiceUnderTest.start(serve, on, results.resolve("capture-" + stamp + "-on.log"))) {
            for (String model : models) {
                List<String> request = List.of("POST", scratch.resolve(model + ".json").toString(), TYPE.toString(), model);
                wrk.run(without.url("/invocations"), concurrency, warmUp, request);
                wrk.run(with.url("/invocations"), concurrency, warmUp, request);
                JsonNode before = status(with);
                Run offRuns = new Run();
                Run onRuns = new Run();
                for (int round = 0; round < rounds; round++) {
                    offRuns.measure(without, () -> wrk.run(without.url("/invocations"), concurrency, duration, request));
                    onRuns.measure(with, () -> wrk.run(with.url("/invocations"), concurrency, duration, request));
                }
                JsonNode after = status(with);
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %d | %d |%n", model,
                        offRuns.best, onRuns.best, onRuns.best / offRuns.best, offRuns.cpuMicrosPerRequest(),
                        onRuns.cpuMicrosPerRequest(), onRuns.cpuMicrosPerRequest() / offRuns.cpuMicrosPerRequest(),
                        after.get("capturedRecords").asLong() - before.get("capturedRecords").asLong(),
                        dropped(after) - dropped(before));
            }
        }
        System.out.printf(Locale.ROOT, "%nLoad average %.1f at the end. req/s: the best run of each; CPU: the service "
                + "JVM's CPU time (every thread, user and system) over all its runs, per request answered.%n",
                Machine.loadAverage());
        if (outageSeconds > 0) {
            outage(serve, common, scratch, wrk, models.getFirst(), outageConcurrency, outageSeconds, results, stamp);
        }
    }

    /** Load on, the destination refused for {@code seconds}, then back: polls GET /capture once a second. */
    private static void outage(Path serve, List<String> common, Path scratch, Wrk wrk, String model, int concurrency,
            int seconds, Path results, String stamp) throws Exception {
        try (S3Server s3 = S3Server.start("capture-bench"); FaultyProxy proxy = FaultyProxy.start(s3.port())) {
            List<String> arguments = new ArrayList<>(common);
            arguments.addAll(List.of("--edgeserve.capture.enabled=true",
                    "--edgeserve.capture.dir=" + scratch.resolve("outage-spool"),
                    "--edgeserve.capture.destination=s3://capture-bench/edge/",
                    "--edgeserve.capture.s3.endpoint=" + proxy.endpoint(),
                    "--edgeserve.capture.rotate-interval=5s"));
            Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "S3RVER", "AWS_SECRET_ACCESS_KEY", "S3RVER",
                    "AWS_REGION", "us-east-1");
            try (ServiceUnderTest service = ServiceUnderTest.start(serve, arguments,
                    results.resolve("capture-" + stamp + "-outage.log"), credentials)) {
                List<String> request = List.of("POST", scratch.resolve(model + ".json").toString(), TYPE.toString(), model);
                System.out.printf("%n# Destination down for %d s under load (%s, c=%d, default backoff 1 s to 5 min)%n%n",
                        seconds, model, concurrency);
                System.out.println("| t (s) | phase | captured | files waiting | spool bytes | dropped | uploads | upload failures | uploader |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                Thread load = Thread.ofPlatform().start(() -> {
                    try {
                        wrk.run(service.url("/invocations"), concurrency, (seconds + 10) + "s", request);
                    } catch (IOException | InterruptedException e) {
                        System.err.println("outage load failed: " + e);
                    }
                });
                long start = System.nanoTime();
                proxy.refuseConnections(true);
                long upAt = -1;
                long drainedAt = -1;
                for (int t = 0; t < seconds + 600; t++) {
                    if (t == seconds) {
                        proxy.refuseConnections(false);
                        upAt = System.nanoTime();
                    }
                    JsonNode status = status(service);
                    String phase = t < seconds ? "down" : load.isAlive() ? "up, load" : "up";
                    if (t % 5 == 0 || t >= seconds) {
                        System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %d | %d | %s |%n", t, phase,
                                status.get("capturedRecords").asLong(), status.get("filesWaiting").asLong(),
                                status.get("spoolBytes").asLong(), dropped(status), status.get("uploads").asLong(),
                                status.get("uploadFailures").asLong(), status.get("uploaderState").asString());
                    }
                    if (t > seconds && !load.isAlive() && status.get("filesWaiting").asLong() == 0
                            && status.get("writerState").asString().equals("IDLE")) {
                        drainedAt = System.nanoTime();
                        break;
                    }
                    Thread.sleep(Math.max(0, start + (t + 1) * 1_000_000_000L - System.nanoTime()) / 1_000_000);
                }
                load.join();
                System.out.printf(Locale.ROOT, "%nDrained %s after the destination came back (the load ran %d s more).%n",
                        drainedAt < 0 ? "NOT" : String.format(Locale.ROOT, "%.1f s", (drainedAt - upAt) / 1e9), 10);
            }
        }
    }

    /** One side's runs: the best req/s, and CPU time and requests over all of them. */
    private static final class Run {
        double best;
        long cpuNanos;
        long requests;

        void measure(ServiceUnderTest service, LoadRun run) throws IOException, InterruptedException {
            long before = service.cpuNanos();
            LoadResult result = run.run();
            long after = service.cpuNanos();
            best = Math.max(best, checked(result));
            cpuNanos += before < 0 || after < 0 ? 0 : after - before;
            requests += result.requests();
        }

        double cpuMicrosPerRequest() {
            return requests == 0 || cpuNanos == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
        }
    }

    private interface LoadRun {
        LoadResult run() throws IOException, InterruptedException;
    }

    private static double checked(LoadResult result) {
        if (result.failed()) {
            throw new IllegalStateException("a benchmark run failed: " + result.failures());
        }
        return result.requestsPerSecond();
    }

    private static long dropped(JsonNode status) {
        long total = 0;
        for (JsonNode count : status.get("droppedRecords")) {
            total += count.asLong();
        }
        return total;
    }

    private static JsonNode status(ServiceUnderTest service) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/capture")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
