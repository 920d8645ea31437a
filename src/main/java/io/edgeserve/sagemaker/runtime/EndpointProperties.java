package io.edgeserve.sagemaker.runtime;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SageMaker Runtime API's settings ({@code edgeserve.endpoints.*}).
 *
 * @param enabled whether {@code /endpoints/...} is served at all; the {@code sagemaker} profile turns it off,
 *                since SageMaker calls the container contract only
 * @param aliases endpoint names that are not model names: {@code edgeserve.endpoints.aliases.iris-prod=iris}
 *                lets a device keep calling endpoint {@code iris-prod}
 */
@ConfigurationProperties("edgeserve.endpoints")
public record EndpointProperties(@DefaultValue("true") boolean enabled, Map<String, String> aliases) {

    public EndpointProperties {
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    }

    /** The model an endpoint name stands for: its alias's model, else the model of that name. */
    String modelFor(String endpointName) {
        return aliases.getOrDefault(endpointName, endpointName);
    }
}
