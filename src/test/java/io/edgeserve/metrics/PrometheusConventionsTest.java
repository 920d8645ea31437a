package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Prometheus's lint asks of meters that edgeserve does not define itself. */
class PrometheusConventionsTest {

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void conventions() {
        prometheus.config().meterFilter(new PrometheusConventions());
    }

    @Test
    void meterWithoutDescription_getsHelpText() {
        Timer.builder("http.server.requests").tag("uri", "/ping").register(prometheus);
        Counter.builder("some.counter").register(prometheus);

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("# HELP http_server_requests_seconds HTTP requests by method");
        assertThat(scrape).contains("# HELP some_counter_total Micrometer meter some.counter");
    }

    @Test
    void gaugeThatWouldEndInCount_isRenamed() {
        Gauge.builder("system.cpu.count", () -> 2).description("cpus").register(prometheus);

        assertThat(prometheus.scrape()).contains("system_cpus 2.0").doesNotContain("system_cpu_count");
    }

    @Test
    void meterInAbbreviatedNonBaseUnits_isLeftOut() {
        FunctionCounter.builder("jvm.compilation.time", this, any -> 5).baseUnit("ms").description("jit")
                .register(prometheus);
        FunctionCounter.builder("process.cpu.time", this, any -> 5).baseUnit("ns").description("cpu")
                .register(prometheus);

        assertThat(prometheus.scrape()).doesNotContain("jvm_compilation_time").doesNotContain("process_cpu_time");
    }
}
