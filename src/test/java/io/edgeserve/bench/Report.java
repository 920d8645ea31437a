package io.edgeserve.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The benchmark's result as Markdown: readable in a terminal, and pasted as it is into docs/performance.md.
 * Every ratio is computed from this one run's numbers.
 */
final class Report {

    private final BenchSettings settings;
    private final BenchResults results;
    private final String machine;
    private final List<ServiceBenchmark.WarmUp> warmUps;
    private final StringBuilder out = new StringBuilder();

    Report(BenchSettings settings, BenchResults results, String machine) {
        this(settings, results, machine, List.of());
    }

    Report(BenchSettings settings, BenchResults results, String machine, List<ServiceBenchmark.WarmUp> warmUps) {
        this.settings = settings;
        this.results = results;
        this.machine = machine;
        this.warmUps = List.copyOf(warmUps);
    }

    String render() {
        line("# edgeserve benchmark");
        line();
        line(machine);
        line();
        line("Settings: DURATION=" + settings.duration() + " WARMUP=" + settings.warmUp() + " WARMUP_LIMIT="
                + settings.warmUpLimitSeconds() + " CONCURRENCY="
                + join(settings.concurrency()) + " BATCH_SIZES=" + join(settings.batchSizes()) + " ENGINE_SECONDS="
                + settings.engineSeconds() + " ENGINE_ROUNDS=" + settings.engineRounds() + " WORKERS="
                + settings.workers() + "; MXNET_ENGINE_TYPE=NaiveEngine, "
                + "OMP_NUM_THREADS=" + BenchResults.SERVICE_OMP_THREADS + " unless stated.");
        for (ServiceBenchmark.WarmUp warmUp : warmUps) {
            line();
            line(format("Warm-up of the %s service: %d passes over every model, media type and /ping, at c=1 and the "
                    + "busiest c, %.0f s; the JIT "
                    + "compilers took %s of the last pass's CPU (warm-up ends at %.0f%% or less, or at WARMUP_LIMIT).",
                    warmUp.mode(), warmUp.passes(), warmUp.seconds(), warmUp.lastCompilerShareText(),
                    100 * ServiceBenchmark.SETTLED_COMPILER_SHARE));
        }
        engineSection();
        threadingSection();
        serviceSection();
        cpuSection();
        cpuBreakdownSection();
        ratiosSection();
        targetsSection();
        return out.toString();
    }

    private void engineSection() {
        line();
        line("## Engine: in-process, the service's inference path (images/s, p50 ms per batch)");
        line();
        List<String> header = new ArrayList<>(List.of("model", "workers"));
        settings.batchSizes().forEach(b -> header.add("batch " + b));
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            for (int workers : workerCounts()) {
                List<String> cells = new ArrayList<>(List.of(model, Integer.toString(workers)));
                for (int batch : settings.batchSizes()) {
                    cells.add(results.engine(model, BenchResults.SERVICE_OMP_THREADS, workers, batch)
                            .map(p -> format("%.0f (%.2f)", p.imagesPerSecond(), p.p50BatchMillis())).orElse("n/a"));
                }
                row(cells);
            }
        }
        line();
        row(List.of("model", "batch-1 ms (1 worker)", "batch-1 images/s (" + settings.workers() + " workers)",
                "best batch", "engine limit images/s", "engine gain", "decode + preprocess ms per picture"));
        separator(7);
        for (String model : settings.models()) {
            Optional<EnginePoint> limit = results.engineLimit(model);
            row(List.of(model,
                    number("%.2f", results.engineBatch1Millis(model)),
                    results.engine(model, BenchResults.SERVICE_OMP_THREADS, settings.workers(), 1)
                            .map(p -> format("%.0f", p.imagesPerSecond())).orElse("n/a"),
                    limit.map(p -> Integer.toString(p.batchSize())).orElse("n/a"),
                    limit.map(p -> format("%.0f", p.imagesPerSecond())).orElse("n/a"),
                    number("%.2fx", results.engineGain(model)),
                    decoding(model)));
        }
    }

    private void threadingSection() {
        if (!settings.threadingExperiment()) {
            return;
        }
        line();
        line("## MXNet threading: NaiveEngine, OMP_NUM_THREADS x workers (each OMP setting its own JVM)");
        line();
        line("Cells: best images/s (at batch) / images/s at batch 1.");
        line();
        List<int[]> configurations = new ArrayList<>();
        results.engine().stream().mapToInt(EnginePoint::ompThreads).distinct().sorted()
                .forEach(omp -> workerCounts().forEach(workers -> configurations.add(new int[] {omp, workers})));
        List<String> header = new ArrayList<>(List.of("model"));
        configurations.forEach(c -> header.add("OMP " + c[0] + " x " + c[1] + (c[1] == 1 ? " worker" : " workers")));
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            List<String> cells = new ArrayList<>(List.of(model));
            for (int[] c : configurations) {
                Optional<EnginePoint> best = results.engineBest(model, c[0], c[1]);
                Optional<EnginePoint> batch1 = results.engine(model, c[0], c[1], 1);
                cells.add(best.isEmpty() ? "n/a" : format("%.0f (b%d) / %s", best.get().imagesPerSecond(),
                        best.get().batchSize(), batch1.map(p -> format("%.0f", p.imagesPerSecond())).orElse("n/a")));
            }
            row(cells);
        }
    }

    private void serviceSection() {
        line();
        line("## Service: wrk, one example per request (req/s, p50 / p99 ms)");
        line();
        List<String> header = new ArrayList<>(List.of("model", "media", "batching"));
        settings.concurrency().forEach(c -> header.add("c=" + c));
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                for (String mode : List.of("batched", "unbatched")) {
                    serviceRow(model, media, mode);
                }
            }
        }
        for (String mode : List.of("batched", "unbatched")) {
            serviceRow(ServicePoint.PING, "-", mode);
        }
        List<ServicePoint> failed = results.failedRuns();
        if (!failed.isEmpty()) {
            line();
            line("**Runs with errors (marked ERR above; their figures are not results):**");
            for (ServicePoint point : failed) {
                line("- " + point.mode() + " " + point.target() + " " + point.media() + " c=" + point.concurrency()
                        + ": " + point.result().failures());
            }
        }
    }

    private void serviceRow(String target, String media, String mode) {
        List<String> cells = new ArrayList<>(List.of(target, media, mode.equals("batched") ? "on" : "max 1"));
        for (int concurrency : settings.concurrency()) {
            cells.add(results.service(mode, target, media, concurrency)
                    .map(r -> format("%.0f, %.2f / %.2f", r.requestsPerSecond(), r.p50Millis(), r.p99Millis())
                            + (r.failed() ? " ERR" : ""))
                    .orElse("n/a"));
        }
        row(cells);
    }

    /**
     * The service's CPU per answered request beside the engine's CPU per example and /ping's CPU per request: what
     * the service spends that is not the model, in units of the HTTP floor.
     */
    private void cpuSection() {
        line();
        line("## CPU per answered request (ms of the service process's CPU time / requests)");
        line();
        line("Each cell: CPU per request, then (CPU beyond the engine's per example) / (/ping's CPU per request at "
                + "the same concurrency). The engine's CPU per example is its worker thread's CPU time per example "
                + "(one worker, one OpenMP thread): at batch 1 for max 1, the least over batch sizes for batching on.");
        line();
        List<String> header = new ArrayList<>(List.of("model", "media", "batching", "engine ms/example"));
        settings.concurrency().forEach(c -> header.add("c=" + c));
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                for (String mode : List.of("batched", "unbatched")) {
                    OptionalDouble engine = mode.equals("batched") ? results.engineBestCpuMillisPerExample(model)
                            : results.engineCpuMillisPerExample(model, 1);
                    List<String> cells = new ArrayList<>(List.of(model, media, mode.equals("batched") ? "on" : "max 1",
                            number("%.3f", engine)));
                    for (int concurrency : settings.concurrency()) {
                        OptionalDouble cpu = results.cpuMillisPerRequest(mode, model, media, concurrency);
                        OptionalDouble ping = results.cpuMillisPerRequest(mode, ServicePoint.PING, "-", concurrency);
                        String beyond = cpu.isPresent() && engine.isPresent() && ping.isPresent()
                                ? format("%.2fx", (cpu.getAsDouble() - engine.getAsDouble()) / ping.getAsDouble())
                                : "n/a";
                        cells.add(number("%.3f", cpu) + ", " + beyond);
                    }
                    row(cells);
                }
            }
        }
        for (String mode : List.of("batched", "unbatched")) {
            List<String> cells = new ArrayList<>(List.of(ServicePoint.PING, "-", mode.equals("batched") ? "on" : "max 1", "-"));
            for (int concurrency : settings.concurrency()) {
                cells.add(number("%.3f", results.cpuMillisPerRequest(mode, ServicePoint.PING, "-", concurrency)));
            }
            row(cells);
        }
    }

    /**
     * Where each batched request's CPU went: the batches the service formed, what the engine costs per example at
     * that mean size, what the JIT compilers still took, and what the rest of the machine (wrk above all) spent.
     */
    private void cpuBreakdownSection() {
        line();
        line("Where it went, batching on: the mean rows of the batches the service ran, the engine's CPU per example "
                + "at that size (interpolated between the measured sizes, linear in 1/rows), the CPU beyond it in "
                + "/ping units, the JIT compilers' share of the service's CPU, and the rest of the machine's CPU per "
                + "request (the load generator's, mostly).");
        line();
        List<String> header = List.of("model", "media", "c", "CPU ms/req", "mean batch", "engine ms/example there",
                "beyond it / /ping", "JIT share", "rest of machine ms/req");
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                for (int concurrency : settings.concurrency()) {
                    results.batchedPoint(model, media, concurrency).ifPresent(point -> {
                        OptionalDouble engine = point.meanBatchRows().isPresent()
                                ? results.engineCpuMillisPerExampleAt(model, point.meanBatchRows().getAsDouble())
                                : OptionalDouble.empty();
                        OptionalDouble cpu = point.cpuMillisPerRequest();
                        OptionalDouble ping = results.cpuMillisPerRequest("batched", ServicePoint.PING, "-",
                                concurrency);
                        String beyond = cpu.isPresent() && engine.isPresent() && ping.isPresent()
                                ? format("%.2fx", (cpu.getAsDouble() - engine.getAsDouble()) / ping.getAsDouble())
                                : "n/a";
                        row(List.of(model, media, Integer.toString(concurrency), number("%.3f", cpu),
                                number("%.1f", point.meanBatchRows()), number("%.3f", engine), beyond,
                                percent(point.compilerShare()), number("%.3f", point.otherMachineMillisPerRequest())));
                    });
                }
            }
        }
        for (int concurrency : settings.concurrency()) {
            results.batchedPoint(ServicePoint.PING, "-", concurrency).ifPresent(point -> row(List.of(ServicePoint.PING,
                    "-", Integer.toString(concurrency), number("%.3f", point.cpuMillisPerRequest()), "-", "-", "-",
                    percent(point.compilerShare()), number("%.3f", point.otherMachineMillisPerRequest()))));
        }
    }

    private static String percent(OptionalDouble share) {
        return share.isPresent() ? format("%.1f%%", 100 * share.getAsDouble()) : "n/a";
    }

    private void ratiosSection() {
        line();
        line("## Ratios");
        line();
        line("Service (batched) / engine limit:");
        line();
        perConcurrencyTable(List.of(), (model, media) -> c -> results.serviceOverEngine(model, media, c));
        line();
        line("Batched / unbatched, next to the engine's own gain (best batch / batch 1, " + settings.workers()
                + " workers):");
        line();
        perConcurrencyTable(List.of("engine gain"),
                (model, media) -> c -> results.batchedOverUnbatched(model, media, c));
        line();
        line("p50 at concurrency 1 minus the engine's batch-1 latency (ms):");
        line();
        row(List.of("model", "media", "engine batch-1 ms", "batched p50", "batched - engine", "unbatched p50",
                "unbatched - engine"));
        separator(7);
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                row(List.of(model, media, number("%.2f", results.engineBatch1Millis(model)),
                        p50AtConcurrency1("batched", model, media),
                        number("%+.2f", results.overheadAtConcurrency1Millis("batched", model, media)),
                        p50AtConcurrency1("unbatched", model, media),
                        number("%+.2f", results.overheadAtConcurrency1Millis("unbatched", model, media))));
            }
        }
        line();
        line("/invocations / /ping throughput (batched, best over concurrencies):");
        line();
        row(List.of("model", "media", "best req/s", "/ping best req/s", "ratio"));
        separator(5);
        String pingBest = results.serviceBest("batched", ServicePoint.PING, "-")
                .map(r -> format("%.0f", r.requestsPerSecond())).orElse("n/a");
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                row(List.of(model, media, results.serviceBest("batched", model, media)
                        .map(r -> format("%.0f", r.requestsPerSecond())).orElse("n/a"),
                        pingBest, number("%.2f", results.overPing(model, media))));
            }
        }
    }

    private String p50AtConcurrency1(String mode, String model, String media) {
        return results.service(mode, model, media, 1).map(r -> format("%.2f", r.p50Millis())).orElse("n/a");
    }

    private interface RatioAt {
        Function<Integer, OptionalDouble> at(String model, String media);
    }

    private void perConcurrencyTable(List<String> extraColumns, RatioAt ratio) {
        List<String> header = new ArrayList<>(List.of("model", "media"));
        header.addAll(extraColumns);
        settings.concurrency().forEach(c -> header.add("c=" + c));
        row(header);
        separator(header.size());
        for (String model : settings.models()) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                List<String> cells = new ArrayList<>(List.of(model, media));
                if (!extraColumns.isEmpty()) {
                    cells.add(number("%.2fx", results.engineGain(model)));
                }
                for (int concurrency : settings.concurrency()) {
                    cells.add(number("%.2f", ratio.at(model, media).apply(concurrency)));
                }
                row(cells);
            }
        }
    }

    private void targetsSection() {
        line();
        line("## Targets");
        line();
        row(List.of("target", "model", "media", "measured", "needed", "result"));
        separator(6);
        for (Targets.Check check : Targets.check(results, settings.models())) {
            row(List.of(check.target(), check.model(), check.media(), check.measuredText(), check.needed(),
                    check.status() == Targets.Status.PASS ? "PASS" : "**" + check.status() + "**"));
        }
    }

    /** Decode and preprocess time of each picture, to set beside the batch-1 time: "JPEG 450x300 2.10 + 0.05". */
    private String decoding(String model) {
        List<DecodePoint> points = results.decoding(model);
        if (points.isEmpty()) {
            return "takes no pictures";
        }
        return String.join("; ", points.stream()
                .map(p -> format("%s %.2f + %.2f", p.picture(), p.p50DecodeMillis(), p.p50PreprocessMillis()))
                .toList());
    }

    /** The engine is measured with one worker (for latency) and with the service's workers (for its limit). */
    private List<Integer> workerCounts() {
        return settings.workers() == 1 ? List.of(1) : List.of(1, settings.workers());
    }

    private static String number(String pattern, OptionalDouble value) {
        return value.isPresent() ? format(pattern, value.getAsDouble()) : "n/a";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private void row(List<String> cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void separator(int columns) {
        line("|" + "---|".repeat(columns));
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
