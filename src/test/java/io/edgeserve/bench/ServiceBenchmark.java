package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * The service under load: one service process per batching mode, serving every benchmarked model at once (as one
 * multi-model container does), each driven in turn with single-example requests by wrk, then {@code GET /ping} as
 * the ceiling of the HTTP stack alone.
 */
final class ServiceBenchmark {

    /** How the service is started: with the batching defaults, or with every request its own engine batch. */
    record Mode(String name, List<String> arguments) {

        static final Mode BATCHED = new Mode("batched", List.of());
        static final Mode UNBATCHED = new Mode("unbatched", List.of("--edgeserve.batching.max-batch-size=1"));
    }

    /** The media types requests are sent in, by the short name the report uses; answers come back in the same. */
    static final Map<String, MediaType> MEDIA = Map.of(
            "npy", new MediaType("application", "x-npy"),
            "json", MediaType.APPLICATION_JSON);
    static final List<String> MEDIA_ORDER = List.of("npy", "json");

    private final BenchSettings settings;
    private final Path serveScript;
    private final Wrk wrk;
    private final Path bodies;
    private final Path modelDir;
    private final Path workDir;
    private final String stamp;

    /** @param stamp names this run's service logs in the results folder */
    ServiceBenchmark(BenchSettings settings, Path serveScript, Wrk wrk, Path scratch, String stamp) throws IOException {
        this.settings = settings;
        this.serveScript = serveScript;
        this.wrk = wrk;
        this.bodies = Files.createDirectories(scratch.resolve("bodies"));
        this.modelDir = SharedModels.linkedFolder(scratch.resolve("models"), settings.models().toArray(String[]::new));
        this.workDir = scratch.resolve("work");
        this.stamp = stamp;
        for (String model : settings.models()) {
            for (String media : MEDIA_ORDER) {
                Files.write(body(model, media), BenchModels.body(model, MEDIA.get(media)));
            }
        }
    }

    List<ServicePoint> run(Mode mode) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "--edgeserve.model-dir=" + modelDir,
                "--edgeserve.manifest-dir=" + SharedModels.MANIFESTS,
                "--edgeserve.work-dir=" + workDir,
                "--edgeserve.batching.workers=" + settings.workers()));
        arguments.addAll(mode.arguments());
        List<ServicePoint> points = new ArrayList<>();
        Path log = settings.resultsDir().resolve("service-" + stamp + "-" + mode.name() + ".log");
        try (ServiceUnderTest service = ServiceUnderTest.start(serveScript, arguments, log)) {
            String invocations = service.url("/invocations");
            int busiest = settings.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
            // Every model and media type is warmed up (JIT, engine buffers) before anything is measured: the HTTP
            // stack and codecs they share need far more requests than one short warm-up gives to be compiled.
            for (String model : settings.models()) {
                for (String media : MEDIA_ORDER) {
                    LoadResult warmUp =
                            wrk.run(invocations, busiest, settings.warmUp(), requestArguments(model, media));
                    if (warmUp.failed()) {
                        System.err.println("warning: warm-up of " + model + " " + media + " had " + warmUp.failures());
                    }
                }
            }
            for (String model : settings.models()) {
                for (String media : MEDIA_ORDER) {
                    for (int concurrency : settings.concurrency()) {
                        long cpuBefore = service.cpuNanos();
                        LoadResult result =
                                wrk.run(invocations, concurrency, settings.duration(), requestArguments(model, media));
                        points.add(report(new ServicePoint(mode.name(), model, media, concurrency, result,
                                cpuSpent(cpuBefore, service.cpuNanos()))));
                    }
                }
            }
            for (int concurrency : settings.concurrency()) {
                long cpuBefore = service.cpuNanos();
                LoadResult result = wrk.run(service.url("/ping"), concurrency, settings.duration(), List.of("GET"));
                points.add(report(new ServicePoint(mode.name(), ServicePoint.PING, "-", concurrency, result,
                        cpuSpent(cpuBefore, service.cpuNanos()))));
            }
        }
        return points;
    }

    private static long cpuSpent(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private List<String> requestArguments(String model, String media) {
        return List.of("POST", body(model, media).toString(), MEDIA.get(media).toString(), model);
    }

    private Path body(String model, String media) {
        return bodies.resolve(model + "." + media);
    }

    private static ServicePoint report(ServicePoint point) {
        LoadResult result = point.result();
        System.err.printf(Locale.ROOT,
                "service %-9s %-20s %-4s c=%-3d %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  CPU %6.3f ms/req%s%n",
                point.mode(), point.target(), point.media(), point.concurrency(), result.requestsPerSecond(),
                result.p50Millis(), result.p99Millis(), point.cpuMillisPerRequest().orElse(Double.NaN),
                result.failed() ? "  FAILED: " + result.failures() : "");
        return point;
    }
}
