package io.edgeserve.config;

import io.edgeserve.metrics.PrometheusConventions;
import io.edgeserve.metrics.RequestMetricsFilter;
import io.edgeserve.metrics.ServingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds edgeserve's meters on Spring Boot's meter registry, and the filter that times requests. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    ServingMetrics servingMetrics(MeterRegistry meters) {
        return new ServingMetrics(meters);
    }

    /** A bean here rather than a scanned component, so that web slice tests need no meters. */
    @Bean
    RequestMetricsFilter requestMetricsFilter(ServingMetrics metrics, EdgeserveProperties properties) {
        return new RequestMetricsFilter(metrics, properties.requestLog().enabled());
    }

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }
}
