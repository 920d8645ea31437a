package io.edgeserve.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The benchmark issue's four targets and issue 12's CPU targets, checked against one run. A target whose runs had errors is FLAGGED, never PASS: a
 * server that answers quickly with errors has not met anything.
 */
final class Targets {

    /** The concurrency at which throughput targets are judged, as the issue states them. */
    static final int LOADED_CONCURRENCY = 32;
    static final String TARGET_MODEL = "cifar-resnet20-v1";
    static final String PING_MODEL = "sagemaker-linreg";

    static final double MIN_SERVICE_OVER_ENGINE = 0.85;
    static final double MIN_SHARE_OF_ENGINE_GAIN = 0.9;
    static final double MAX_OVERHEAD_MILLIS = 0.5;
    static final double MIN_OVER_PING = 0.6;

    /** Issue 12: CPU per request beyond the engine's per example, at most this many /ping requests' CPU. */
    static final double MAX_CPU_BEYOND_ENGINE_IN_PINGS = 1.5;
    /** Issue 12: concurrencies at which the CPU target is judged. */
    static final List<Integer> CPU_CONCURRENCIES = List.of(1, LOADED_CONCURRENCY);
    /** Issue 12: linreg at c=32 against /ping at c=32. */
    static final double MIN_OVER_PING_AT_LOAD = 0.8;
    /** Issue 12: batching keeps its gain. */
    static final double MIN_SHARE_OF_ENGINE_GAIN_KEPT = 0.95;

    enum Status { PASS, FAIL, FLAGGED, NOT_MEASURED }

    /** One target for one model and media type. */
    record Check(String target, String model, String media, OptionalDouble measured, String needed, Status status) {

        String measuredText() {
            return measured.isPresent() ? String.format(Locale.ROOT, "%.2f", measured.getAsDouble()) : "n/a";
        }
    }

    private Targets() {}

    static List<Check> check(BenchResults results, List<String> models) {
        List<Check> checks = new ArrayList<>();
        for (String media : ServiceBenchmark.MEDIA_ORDER) {
            if (models.contains(TARGET_MODEL)) {
                checks.add(atLeast("service / engine limit at c=32", TARGET_MODEL, media,
                        results.serviceOverEngine(TARGET_MODEL, media, LOADED_CONCURRENCY), MIN_SERVICE_OVER_ENGINE,
                        runs(results, TARGET_MODEL, media, LOADED_CONCURRENCY, "batched")));
            }
        }
        for (String model : models) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                checks.add(atLeast("batched/unbatched at c=32 / engine gain", model, media,
                        shareOfEngineGain(results, model, media), MIN_SHARE_OF_ENGINE_GAIN,
                        batchedAndUnbatched(results, model, media)));
            }
        }
        for (String model : models) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                OptionalDouble overhead = results.overheadAtConcurrency1Millis("batched", model, media);
                checks.add(judge(new Check("p50 at c=1 - engine batch-1 (ms)", model, media, overhead,
                        String.format(Locale.ROOT, "<= %.2f", MAX_OVERHEAD_MILLIS),
                        overhead.isPresent() && overhead.getAsDouble() <= MAX_OVERHEAD_MILLIS
                                ? Status.PASS : Status.FAIL),
                        runs(results, model, media, 1, "batched")));
            }
        }
        if (models.contains(PING_MODEL)) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                List<LoadResult> runs = results.service().stream()
                        .filter(p -> p.mode().equals("batched") && (p.target().equals(ServicePoint.PING)
                                || p.target().equals(PING_MODEL) && p.media().equals(media)))
                        .map(ServicePoint::result).toList();
                checks.add(atLeast("/invocations / /ping (best of each)", PING_MODEL, media,
                        results.overPing(PING_MODEL, media), MIN_OVER_PING, runs));
            }
        }
        checks.addAll(cpuChecks(results, models));
        return checks;
    }

    /** Issue 12's targets: CPU beyond the engine, linreg against /ping at load, batching's gain kept. */
    static List<Check> cpuChecks(BenchResults results, List<String> models) {
        List<Check> checks = new ArrayList<>();
        for (String model : models) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                for (int concurrency : CPU_CONCURRENCIES) {
                    OptionalDouble beyond = results.cpuBeyondEngineOverPing(model, media, concurrency);
                    List<LoadResult> runs = results.service().stream()
                            .filter(p -> p.mode().equals("batched") && p.concurrency() == concurrency
                                    && (p.target().equals(ServicePoint.PING)
                                    || p.target().equals(model) && p.media().equals(media)))
                            .map(ServicePoint::result).toList();
                    checks.add(judge(new Check("CPU beyond engine / /ping CPU at c=" + concurrency, model, media,
                            beyond, String.format(Locale.ROOT, "<= %.2f", MAX_CPU_BEYOND_ENGINE_IN_PINGS),
                            beyond.isPresent() && beyond.getAsDouble() <= MAX_CPU_BEYOND_ENGINE_IN_PINGS
                                    ? Status.PASS : Status.FAIL), runs));
                }
            }
        }
        if (models.contains(PING_MODEL)) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                List<LoadResult> runs = results.service().stream()
                        .filter(p -> p.mode().equals("batched") && p.concurrency() == LOADED_CONCURRENCY
                                && (p.target().equals(ServicePoint.PING)
                                || p.target().equals(PING_MODEL) && p.media().equals(media)))
                        .map(ServicePoint::result).toList();
                checks.add(atLeast("req/s / /ping req/s at c=32", PING_MODEL, media,
                        results.overPingAt(PING_MODEL, media, LOADED_CONCURRENCY), MIN_OVER_PING_AT_LOAD, runs));
            }
        }
        for (String model : models) {
            for (String media : ServiceBenchmark.MEDIA_ORDER) {
                checks.add(atLeast("batching's gain kept (issue 12)", model, media,
                        shareOfEngineGain(results, model, media), MIN_SHARE_OF_ENGINE_GAIN_KEPT,
                        batchedAndUnbatched(results, model, media)));
            }
        }
        return checks;
    }

    private static Check atLeast(String target, String model, String media, OptionalDouble measured, double minimum,
            List<LoadResult> runs) {
        Status status = measured.isPresent() && measured.getAsDouble() >= minimum ? Status.PASS : Status.FAIL;
        String needed = String.format(Locale.ROOT, ">= %.2f", minimum);
        return judge(new Check(target, model, media, measured, needed, status), runs);
    }

    /** Not measured where the figure is missing; flagged where a run behind it had errors. */
    private static Check judge(Check check, List<LoadResult> runs) {
        Status status = check.status();
        if (check.measured().isEmpty()) {
            status = Status.NOT_MEASURED;
        } else if (runs.stream().anyMatch(LoadResult::failed)) {
            status = Status.FLAGGED;
        }
        return new Check(check.target(), check.model(), check.media(), check.measured(), check.needed(), status);
    }

    private static List<LoadResult> runs(BenchResults results, String model, String media, int concurrency,
            String mode) {
        return results.service(mode, model, media, concurrency).map(List::of).orElse(List.of());
    }

    /** The service's batched/unbatched req/s at c=32 as a share of the engine's own gain from batching. */
    private static OptionalDouble shareOfEngineGain(BenchResults results, String model, String media) {
        OptionalDouble gain = results.batchedOverUnbatched(model, media, LOADED_CONCURRENCY);
        OptionalDouble engineGain = results.engineGain(model);
        return gain.isPresent() && engineGain.isPresent()
                ? OptionalDouble.of(gain.getAsDouble() / engineGain.getAsDouble())
                : OptionalDouble.empty();
    }

    private static List<LoadResult> batchedAndUnbatched(BenchResults results, String model, String media) {
        return Stream.concat(runs(results, model, media, LOADED_CONCURRENCY, "batched").stream(),
                runs(results, model, media, LOADED_CONCURRENCY, "unbatched").stream()).toList();
    }
}
