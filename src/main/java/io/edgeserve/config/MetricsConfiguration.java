package io.edgeserve.config;

import io.edgeserve.metrics.PrometheusConventions;
import io.edgeserve.metrics.ServingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds edgeserve's meters on Spring Boot's meter registry; they hear of every inference from the core. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    ServingMetrics servingMetrics(MeterRegistry meters) {
        return new ServingMetrics(meters);
    }

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }
}
