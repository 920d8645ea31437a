package io.edgeserve.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts authentication decisions as {@code edgeserve_authentications_total{mechanism, outcome}}: by how and
 * with what result, never by device or key, so the series stay few however many devices there are.
 * Mechanisms: {@code sigv4}, {@code device_certificate}, {@code management}.
 */
public final class SecurityMetrics {

    static final String NAME = "edgeserve.authentications";

    private final MeterRegistry registry;

    public SecurityMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String mechanism, String outcome) {
        Counter.builder(NAME)
                .description("Authentication decisions by mechanism and outcome")
                .tag("mechanism", mechanism)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** How many decisions of this kind were counted; for tests and diagnostics. */
    public double count(String mechanism, String outcome) {
        Counter counter = registry.find(NAME).tag("mechanism", mechanism).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
