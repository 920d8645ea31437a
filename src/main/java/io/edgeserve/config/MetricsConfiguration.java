package io.edgeserve.config;

import io.edgeserve.metrics.PrometheusConventions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds edgeserve's meters on Spring Boot's meter registry. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }
}
