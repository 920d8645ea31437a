package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
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
    /** The JIT compilers' share of a warm-up pass's CPU under which the service counts as warmed up. */
    static final double SETTLED_COMPILER_SHARE = 0.03;

    /**
     * How one service's warm-up went: passes over every model and media type, and the JIT compiler threads' share
     * of the service's CPU in the last pass (empty where {@code /proc} does not say).
     */
    record WarmUp(String mode, int passes, double seconds, OptionalDouble lastCompilerShare) {

        String lastCompilerShareText() {
            return lastCompilerShare.isPresent()
                    ? String.format(Locale.ROOT, "%.1f%%", 100 * lastCompilerShare.getAsDouble()) : "n/a";
        }
    }

    private final List<WarmUp> warmUps = new ArrayList<>();

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

    /** The warm-ups of the services run so far. */
    List<WarmUp> warmUps() {
        return List.copyOf(warmUps);
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
            warmUps.add(warmUp(mode, service, invocations));
            for (String model : settings.models()) {
                for (String media : MEDIA_ORDER) {
                    for (int concurrency : settings.concurrency()) {
                        CostReading before = service.costs(model);
                        LoadResult result =
                                wrk.run(invocations, concurrency, settings.duration(), requestArguments(model, media));
                        points.add(report(new ServicePoint(mode.name(), model, media, concurrency, result,
                                service.costs(model).since(before))));
                    }
                }
            }
            for (int concurrency : settings.concurrency()) {
                CostReading before = service.costs(null);
                LoadResult result = wrk.run(service.url("/ping"), concurrency, settings.duration(), List.of("GET"));
                points.add(report(new ServicePoint(mode.name(), ServicePoint.PING, "-", concurrency, result,
                        service.costs(null).since(before))));
            }
        }
        return points;
    }

    /**
     * Every model and media type is warmed up (JIT, engine buffers) before anything is measured, in passes at the
     * busiest concurrency and at 1, {@code /ping} too, until the JIT compilers have settled: on 2 busy cores C2 is still compiling the hot path
     * 30 s into the load, and what it spends then would be counted as the requests' CPU. Passes end once the
     * compiler threads took at most {@link #SETTLED_COMPILER_SHARE} of a pass's CPU, or at the limit.
     */
    private WarmUp warmUp(Mode mode, ServiceUnderTest service, String invocations)
            throws IOException, InterruptedException {
        int busiest = settings.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
        long startNanos = System.nanoTime();
        long limitNanos = settings.warmUpLimitSeconds() * 1_000_000_000L;
        int passes = 0;
        OptionalDouble compilerShare;
        do {
            CostReading before = service.costs(null);
            // Every path measured: a lone request runs on its caller's thread, /ping has its own controller.
            for (int concurrency : List.of(busiest, 1)) {
                for (String model : settings.models()) {
                    for (String media : MEDIA_ORDER) {
                        LoadResult warmUp =
                                wrk.run(invocations, concurrency, settings.warmUp(), requestArguments(model, media));
                        if (warmUp.failed()) {
                            System.err.println("warning: warm-up of " + model + " " + media + " had "
                                    + warmUp.failures());
                        }
                    }
                }
                wrk.run(service.url("/ping"), concurrency, settings.warmUp(), List.of("GET"));
            }
            passes++;
            CostReading pass = service.costs(null).since(before);
            compilerShare = pass.compilerNanos() < 0 || pass.cpuNanos() <= 0 ? OptionalDouble.empty()
                    : OptionalDouble.of((double) pass.compilerNanos() / pass.cpuNanos());
        } while (compilerShare.isPresent() && compilerShare.getAsDouble() > SETTLED_COMPILER_SHARE
                && System.nanoTime() - startNanos < limitNanos);
        WarmUp done = new WarmUp(mode.name(), passes, (System.nanoTime() - startNanos) / 1e9, compilerShare);
        System.err.printf(Locale.ROOT, "service %-9s warm-up: %d passes, %.0f s, JIT compilers %s of the last pass%n",
                mode.name(), passes, done.seconds(), done.lastCompilerShareText());
        return done;
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
                "service %-9s %-20s %-4s c=%-3d %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  CPU %6.3f ms/req"
                        + "  batch %5.1f  JIT %4.1f%%%s%n",
                point.mode(), point.target(), point.media(), point.concurrency(), result.requestsPerSecond(),
                result.p50Millis(), result.p99Millis(), point.cpuMillisPerRequest().orElse(Double.NaN),
                point.meanBatchRows().orElse(Double.NaN), 100 * point.compilerShare().orElse(Double.NaN),
                result.failed() ? "  FAILED: " + result.failures() : "");
        return point;
    }
}
