package io.edgeserve.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Function;

/**
 * Registers histograms as edgeserve exports them: Prometheus histograms with explicit bucket bounds
 * ({@link HistogramBuckets}), never client-side percentiles, which cannot be aggregated across instances.
 */
final class Histograms {

    private Histograms() {}

    static Function<MeterRegistry, Timer> timer(String name, String description, Tags tags, Duration[] bounds) {
        return registry -> Timer.builder(name)
                .description(description)
                .tags(tags)
                .serviceLevelObjectives(bounds)
                .register(registry);
    }

    /** A histogram of plain numbers (rows, requests), or of {@code baseUnit} where it is not null ({@code bytes}). */
    static Function<MeterRegistry, DistributionSummary> summary(String name, String description, String baseUnit,
            Tags tags, double[] bounds) {
        return registry -> DistributionSummary.builder(name)
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                .serviceLevelObjectives(bounds)
                .register(registry);
    }
}
