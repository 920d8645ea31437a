package io.edgeserve.security;

import io.edgeserve.config.EdgeserveProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Wires the security filters and connectors from {@link SecurityProperties}; no logic lives here. The filters that
 * settings switch on (management access, SigV4) are registered by a {@link BeanRegistrar} as the service starts, not
 * by a {@code @Conditional}: the jar is processed by Spring AOT, which settles conditions at build time.
 */
@Configuration(proxyBeanMethods = false)
@Import(SecurityConfiguration.Switches.class)
public class SecurityConfiguration {

    /** After {@code RequestIdFilter}, so that refusals carry the request id too. */
    private static final int FIRST_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    private static final int MIN_TOKEN_LENGTH = 16;

    @Bean
    SecurityMetrics securityMetrics(ObjectProvider<MeterRegistry> registry) {
        return new SecurityMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ServerConnectors serverConnectors(SecurityProperties properties, SslBundles bundles) {
        return new ServerConnectors(properties, bundles);
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        return registration(new SecurityHeadersFilter(), FIRST_ORDER);
    }

    @Bean
    FilterRegistrationBean<DeviceIdentityFilter> deviceIdentityFilter(SecurityMetrics metrics) {
        return registration(new DeviceIdentityFilter(metrics), FIRST_ORDER + 1);
    }

    /** Registers the management access filter and the SigV4 filter where their settings are on. */
    public static final class Switches implements BeanRegistrar {
        @Override
        public void register(BeanRegistry registry, Environment environment) {
            if (environment.getProperty("edgeserve.security.management.enabled", Boolean.class, false)) {
                registry.registerBean("managementAccessFilter", FilterRegistrationBean.class, bean -> bean.supplier(
                        context -> managementAccessFilter(context.bean(SecurityProperties.class),
                                context.bean(ServerConnectors.class), context.bean(SecurityMetrics.class))));
            }
            if (environment.getProperty("edgeserve.security.sigv4.enabled", Boolean.class, false)) {
                registry.registerBean("sigV4Filter", FilterRegistrationBean.class, bean -> bean.supplier(
                        context -> sigV4Filter(context.bean(SecurityProperties.class),
                                context.bean(EdgeserveProperties.class), context.bean(SecurityMetrics.class),
                                context.beanProvider(AwsErrorResponder.class))));
            }
        }
    }

    static FilterRegistrationBean<ManagementAccessFilter> managementAccessFilter(SecurityProperties properties,
            ServerConnectors connectors, SecurityMetrics metrics) {
        SecurityProperties.Management management = properties.management();
        List<String> tokens = new ArrayList<>(management.tokens());
        if (management.tokenFile() != null) {
            tokens.addAll(readTokens(management.tokenFile()));
        }
        for (String token : tokens) {
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("management tokens must be at least " + MIN_TOKEN_LENGTH
                        + " characters; generate one with: openssl rand -hex 32");
            }
        }
        if (tokens.isEmpty() && management.adminSubjects().isEmpty()) {
            throw new IllegalArgumentException("edgeserve.security.management.enabled is true but no token and no admin"
                    + " subject is configured: nobody could manage this service");
        }
        // The management connector has its port only once it listens: read it when a request arrives.
        IntSupplier port = management.port() == null ? () -> -1 : connectors::managementPort;
        Set<String> adminSubjects = new HashSet<>(management.adminSubjects());
        return registration(new ManagementAccessFilter(tokens, adminSubjects, port, metrics), FIRST_ORDER + 2);
    }

    static FilterRegistrationBean<SigV4Filter> sigV4Filter(SecurityProperties properties, EdgeserveProperties edgeserve,
            SecurityMetrics metrics, ObjectProvider<AwsErrorResponder> errors) {
        SecurityProperties.Sigv4 sigv4 = properties.sigv4();
        AccessKeys keys = AccessKeys.load(sigv4.accessKeysFile(), sigv4.accessKeys());
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("edgeserve.security.sigv4.enabled is true but no access key is"
                    + " configured (edgeserve.security.sigv4.access-keys-file or"
                    + " EDGESERVE_SECURITY_SIGV4_ACCESS_KEYS)");
        }
        SigV4Verifier verifier = new SigV4Verifier(keys, sigv4.region(), sigv4.maxSkew());
        return registration(new SigV4Filter(verifier, edgeserve.maxRequestSize().toBytes(), Clock.systemUTC(), metrics,
                errors.getObject()), FIRST_ORDER + 3);
    }

    private static List<String> readTokens(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the management token file " + file, e);
        }
    }

    private static <T extends jakarta.servlet.Filter> FilterRegistrationBean<T> registration(T filter, int order) {
        FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }
}
