package io.edgeserve.sagemaker.runtime;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.registry.ModelRegistry;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Serves the SageMaker Runtime API unless {@code edgeserve.endpoints.enabled} is false (the {@code sagemaker}
 * profile: a SageMaker container answers the container contract only). The setting is read by a
 * {@link BeanRegistrar} as the service starts, not by a {@code @Conditional}: the jar is processed by Spring AOT,
 * which settles conditions at build time.
 */
@Configuration(proxyBeanMethods = false)
@Import(RuntimeConfiguration.Switch.class)
public class RuntimeConfiguration {

    /** Registers {@link RuntimeController} where the Runtime API is on. */
    public static final class Switch implements BeanRegistrar {
        @Override
        public void register(BeanRegistry registry, Environment environment) {
            if (environment.getProperty("edgeserve.endpoints.enabled", Boolean.class, true)) {
                registry.registerBean("runtimeController", RuntimeController.class, bean -> bean.supplier(context ->
                        new RuntimeController(context.bean(InvocationService.class),
                                context.bean(EdgeserveProperties.class), context.bean(EndpointProperties.class),
                                context.bean(ModelRegistry.class))));
            }
        }
    }
}
