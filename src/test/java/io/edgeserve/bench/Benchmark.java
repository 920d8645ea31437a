package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole benchmark, as {@code bench/run.sh} starts it: the engine in one JVM per OpenMP setting, then the service
 * with batching on and off under wrk, then the table, printed and kept in {@code bench/results/}. Exits with 1 when
 * a run had errors, after printing the table that flags them.
 */
public final class Benchmark {

    private static final List<String> JVM_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true");

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path resultsDir = Files.createDirectories(root.resolve("bench/results"));
        BenchSettings settings = BenchSettings.fromEnvironment(System.getenv(), resultsDir);
        if (!SharedModels.present()) {
            throw new IllegalStateException("the benchmark needs the shared models in " + SharedModels.ROOT);
        }
        // SERVE: another build's serve script (beside its jar), e.g. a baseline commit's, measured against this
        // checkout's engine figures in the same sitting.
        Path serve = root.resolve(System.getenv().getOrDefault("SERVE", "serve")).toAbsolutePath().normalize();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        double loadBefore = Machine.loadAverage();

        EngineRun engine = runEngine(settings, resultsDir, stamp);
        Path wrkLog = resultsDir.resolve("wrk-" + stamp + ".log");
        List<ServicePoint> points = new ArrayList<>();
        List<ServiceBenchmark.WarmUp> warmUps = new ArrayList<>();
        Path scratch = Files.createTempDirectory("edgeserve-bench-");
        try {
            ServiceBenchmark service = new ServiceBenchmark(settings, serve,
                    new Wrk(root.resolve("bench/wrk/request.lua"), wrkLog), scratch, stamp);
            points.addAll(service.run(ServiceBenchmark.Mode.BATCHED));
            points.addAll(service.run(ServiceBenchmark.Mode.UNBATCHED));
            warmUps.addAll(service.warmUps());
        } finally {
            deleteTree(scratch);
        }

        String commit = System.getenv().getOrDefault("BENCH_COMMIT", "unknown");
        String machine = Machine.describe(loadBefore, Machine.loadAverage(), commit)
                + (serve.equals(root.resolve("serve")) ? "" : " The service measured is the one " + root.relativize(serve)
                        + " starts, not this commit's.");
        BenchResults results = new BenchResults(engine.points(), points, settings.workers(), engine.decoding());
        String report = new Report(settings, results, machine, warmUps).render();
        Files.writeString(resultsDir.resolve("bench-" + stamp + ".md"), report);
        Files.writeString(resultsDir.resolve("latest.md"), report);
        System.out.println();
        System.out.print(report);
        System.out.println();
        Path folder = root.relativize(resultsDir);
        System.out.println("Written to " + folder.resolve("bench-" + stamp + ".md") + "; wrk output in "
                + folder.resolve(wrkLog.getFileName()) + ", engine and service logs in " + folder + "/engine-" + stamp
                + ".log and service-" + stamp + "-*.log");
        if (!results.failedRuns().isEmpty()) {
            System.exit(1);
        }
    }

    /** Removes the scratch folder: links to the shared models (never what they point to) and request bodies. */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * One JVM per OpenMP setting, because MXNet reads it once when it loads: the service's (one thread) always, and
     * with the threading experiment one thread per core too.
     */
    private record EngineRun(List<EnginePoint> points, List<DecodePoint> decoding) {
    }

    private static EngineRun runEngine(BenchSettings settings, Path resultsDir, String stamp)
            throws IOException, InterruptedException {
        List<Integer> ompSettings = new ArrayList<>(List.of(BenchResults.SERVICE_OMP_THREADS));
        if (settings.threadingExperiment() && Machine.cores() > 1) {
            ompSettings.add(Machine.cores());
        }
        String workers = settings.workers() == 1 ? "1" : "1," + settings.workers();
        List<EnginePoint> points = new ArrayList<>();
        List<DecodePoint> decoding = new ArrayList<>();
        // Rounds alternate the OpenMP settings, so that a burst of other work on the machine hits both alike.
        for (int round = 1; round <= settings.engineRounds(); round++) {
            for (int omp : ompSettings) {
                Path out = resultsDir.resolve("engine-" + stamp + "-omp" + omp + "-round" + round + ".tsv");
                // Decoding runs on request threads, whatever OpenMP does: measured with the service's setting only.
                Path decodeOut = resultsDir.resolve("decode-" + stamp + "-round" + round + ".tsv");
                boolean measureDecoding = omp == BenchResults.SERVICE_OMP_THREADS;
                List<String> command = new ArrayList<>();
                command.add(ProcessHandle.current().info().command().orElse("java"));
                command.addAll(JVM_FLAGS);
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineBenchmark.class.getName(),
                        "models=" + String.join(",", settings.models()),
                        "batches=" + String.join(",", settings.batchSizes().stream().map(String::valueOf).toList()),
                        "workers=" + workers,
                        "seconds=" + settings.engineSeconds(),
                        "warmup=" + settings.engineWarmUpSeconds(),
                        "out=" + out));
                if (measureDecoding) {
                    command.add("decode-out=" + decodeOut);
                }
                // Progress lines come on stderr; the engine's own log goes to a file, so stdout carries the table.
                File log = resultsDir.resolve("engine-" + stamp + ".log").toFile();
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
                builder.environment().put("MXNET_ENGINE_TYPE", "NaiveEngine");
                builder.environment().put("OMP_NUM_THREADS", Integer.toString(omp));
                int exit = builder.start().waitFor();
                if (exit != 0) {
                    throw new IllegalStateException(
                            "the engine benchmark with OMP_NUM_THREADS=" + omp + " exited with " + exit);
                }
                Files.readAllLines(out).stream().filter(line -> !line.isBlank()).map(EnginePoint::parse)
                        .forEach(points::add);
                if (measureDecoding && Files.exists(decodeOut)) {
                    Files.readAllLines(decodeOut).stream().filter(line -> !line.isBlank()).map(DecodePoint::parse)
                            .forEach(decoding::add);
                }
            }
        }
        return new EngineRun(EnginePoint.bestOfRounds(points), DecodePoint.bestOfRounds(decoding));
    }
}
