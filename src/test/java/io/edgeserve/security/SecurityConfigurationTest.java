package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.config.EdgeserveProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A gateway never comes up open by mistake: settings that would let everyone in stop it from starting. */
class SecurityConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SecurityProperties.class, EdgeserveProperties.class})
    static class Properties {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withUserConfiguration(Properties.class, SecurityConfiguration.class);

    @Test
    void sigv4WithoutKeys_doesNotStart() {
        context.withPropertyValues("edgeserve.security.sigv4.enabled=true").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("no access key is configured"));
    }

    @Test
    void sigv4WithAMissingKeysFile_doesNotStart() {
        context.withPropertyValues("edgeserve.security.sigv4.enabled=true",
                "edgeserve.security.sigv4.access-keys-file=" + Path.of("no", "such", "file")).run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("such"));
    }

    @Test
    void managementWithoutTokenOrAdmin_doesNotStart() {
        context.withPropertyValues("edgeserve.security.management.enabled=true").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("nobody could manage"));
    }

    @Test
    void shortManagementToken_doesNotStart() {
        context.withPropertyValues("edgeserve.security.management.enabled=true",
                "edgeserve.security.management.tokens=short").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("at least 16 characters"));
    }

    @Test
    void nothingSet_startsWithTheFiltersThatNeedNoSecret() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean("sigV4Filter").doesNotHaveBean("managementAccessFilter");
        });
    }
}
