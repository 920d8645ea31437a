package io.edgeserve.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The benchmark's knobs, read from environment variables so that {@code bench/run.sh} stays one command; the
 * defaults are the full benchmark, and a smoke run shortens them (see docs/performance.md).
 *
 * @param duration each measured wrk run, as wrk reads it ({@code DURATION}, default 10s)
 * @param warmUp the unmeasured wrk run per model and media type in each warm-up pass ({@code WARMUP}, default 5s)
 * @param warmUpLimitSeconds how long warm-up passes may go on while the JIT compilers are still busy
 *     ({@code WARMUP_LIMIT}, default 120; 0 for a single pass)
 * @param models the models ({@code MODELS}, comma- or space-separated; default all four)
 * @param concurrency wrk connections ({@code CONCURRENCY}, default 1 8 32 64)
 * @param batchSizes engine batch sizes ({@code BATCH_SIZES}, default 1 4 8 16 32)
 * @param engineSeconds measured time per engine point ({@code ENGINE_SECONDS}, default 3)
 * @param engineWarmUpSeconds unmeasured time per engine point ({@code ENGINE_WARMUP}, default 1)
 * @param engineRounds how often each engine point is measured, keeping the best ({@code ENGINE_ROUNDS}, default 1;
 *     more on a busy machine)
 * @param threadingExperiment also measure the engine with two OpenMP threads ({@code THREADING}, 1 or 0; default 1)
 * @param workers the service's workers per model, and the engine's threads for its limit ({@code WORKERS}, default 2)
 */
record BenchSettings(String duration, String warmUp, int warmUpLimitSeconds, List<String> models, List<Integer> concurrency,
        List<Integer> batchSizes, double engineSeconds, double engineWarmUpSeconds, int engineRounds,
        boolean threadingExperiment, int workers, Path resultsDir) {

    private static final Pattern WRK_DURATION = Pattern.compile("[1-9][0-9]*[smh]?");

    BenchSettings {
        require(WRK_DURATION.matcher(duration).matches(),
                "DURATION must be a wrk duration such as 10s, was " + duration);
        require(WRK_DURATION.matcher(warmUp).matches(), "WARMUP must be a wrk duration such as 3s, was " + warmUp);
        require(warmUpLimitSeconds >= 0, "WARMUP_LIMIT must not be negative, was " + warmUpLimitSeconds);
        require(!models.isEmpty(), "MODELS must name at least one model");
        models.forEach(BenchModels::requireKnown);
        require(!concurrency.isEmpty() && concurrency.stream().allMatch(c -> c >= 1),
                "CONCURRENCY must list connection counts of at least 1, was " + concurrency);
        require(!batchSizes.isEmpty() && batchSizes.stream().allMatch(b -> b >= 1),
                "BATCH_SIZES must list sizes of at least 1, was " + batchSizes);
        require(engineSeconds > 0 && engineWarmUpSeconds >= 0,
                "ENGINE_SECONDS must be positive, ENGINE_WARMUP not negative");
        require(engineRounds >= 1, "ENGINE_ROUNDS must be at least 1, was " + engineRounds);
        require(workers >= 1, "WORKERS must be at least 1, was " + workers);
    }

    static BenchSettings fromEnvironment(Map<String, String> env, Path resultsDir) {
        Function<String, List<String>> list =
                value -> Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        Function<String, List<Integer>> integers = value -> list.apply(value).stream().map(Integer::valueOf).toList();
        return new BenchSettings(
                env.getOrDefault("DURATION", "10s"),
                env.getOrDefault("WARMUP", "5s"),
                Integer.parseInt(env.getOrDefault("WARMUP_LIMIT", "120")),
                list.apply(env.getOrDefault("MODELS", String.join(",", BenchModels.ALL))),
                integers.apply(env.getOrDefault("CONCURRENCY", "1,8,32,64")),
                integers.apply(env.getOrDefault("BATCH_SIZES", "1,4,8,16,32")),
                Double.parseDouble(env.getOrDefault("ENGINE_SECONDS", "3")),
                Double.parseDouble(env.getOrDefault("ENGINE_WARMUP", "1")),
                Integer.parseInt(env.getOrDefault("ENGINE_ROUNDS", "1")),
                !"0".equals(env.getOrDefault("THREADING", "1")),
                Integer.parseInt(env.getOrDefault("WORKERS", "2")),
                resultsDir);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
