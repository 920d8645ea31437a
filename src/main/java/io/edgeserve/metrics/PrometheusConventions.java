package io.edgeserve.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;
import java.util.Set;

/**
 * Makes the meters that Spring Boot and Micrometer add on their own pass Prometheus's lint ({@code promtool check
 * metrics}), as edgeserve's own do: every meter gets help text, a gauge does not end in {@code _count}, and the two
 * JVM meters counted in abbreviated non-base units ({@code _ms}, {@code _ns}) are left out; {@code process_cpu_usage}
 * and the other JVM and process meters stay as Micrometer provides them.
 */
public final class PrometheusConventions implements MeterFilter {

    /** Counted in milliseconds and nanoseconds; a filter can rename a meter but not rescale it. */
    static final Set<String> NON_BASE_UNITS = Set.of("jvm.compilation.time", "process.cpu.time");

    /** Gauges whose Prometheus name would end in {@code _count}, a suffix reserved for histograms and summaries. */
    static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests by method, route pattern, status and outcome (Spring MVC)",
            "http.server.requests.active", "HTTP requests in progress (Spring MVC)");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return NON_BASE_UNITS.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        Meter.Id mapped = RENAMED.containsKey(id.getName()) ? id.withName(RENAMED.get(id.getName())) : id;
        if (mapped.getDescription() != null && !mapped.getDescription().isBlank()) {
            return mapped;
        }
        String description = DESCRIPTIONS.getOrDefault(mapped.getName(), "Micrometer meter " + mapped.getName());
        return new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()),
                mapped.getBaseUnit(), description, mapped.getType());
    }
}
