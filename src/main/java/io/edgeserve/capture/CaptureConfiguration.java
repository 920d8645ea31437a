package io.edgeserve.capture;

import io.edgeserve.model.ModelManifest;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.uplink.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wires data capture; no logic lives here. It is always wired, since a model's manifest may turn capture on where
 * {@code edgeserve.capture.enabled} is false: the agents then start with the first record such a model answers.
 */
@Configuration(proxyBeanMethods = false)
public class CaptureConfiguration {

    @Bean
    CaptureMetrics captureMetrics(MeterRegistry registry) {
        return new CaptureMetrics(registry);
    }

    @Bean
    CaptureQueue captureQueue(CaptureProperties properties, CaptureMetrics metrics) {
        CaptureQueue queue = new CaptureQueue(properties.queueCapacity());
        metrics.observeQueue(queue, CaptureQueue::size);
        return queue;
    }

    @Bean(initMethod = "startIfEnabledByDefault", destroyMethod = "close")
    CaptureAgents captureAgents(CaptureProperties properties, CaptureQueue captureQueue,
            CaptureMetrics metrics) {
        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(properties.effectiveDir(), properties.maxSpoolSize().toBytes(), properties.maxAge(), clock);
        metrics.observe(spool, Spool::bytes, held -> held.closed().size(), held -> held.rejected().size());
        CaptureDestination destination = properties.destination() == null ? null
                : CaptureDestinations.create(properties.destination(), properties.s3());
        ObjectKeys keys = new ObjectKeys(destination == null ? "" : destination.prefix(), endpointName(properties));
        Uploader uploader = new Uploader(spool, destination, keys,
                new Backoff(properties.initialBackoff(), properties.maxBackoff(), ThreadLocalRandom.current()::nextDouble),
                metrics, clock);
        return new CaptureAgents(properties, captureQueue, spool, destination, uploader, metrics, clock, System::nanoTime);
    }

    @Bean
    CaptureListener captureListener(CaptureProperties properties, CaptureQueue captureQueue,
            CaptureMetrics metrics, CaptureAgents agents, ObjectProvider<ModelRegistry> registry) {
        // Looked up once: the listener is told of every request, whether capture is on or not.
        SingletonSupplier<ModelRegistry> models = SingletonSupplier.of(registry::getObject);
        return new CaptureListener(properties.defaults(), model -> overrides(models.obtain(), model),
                () -> ThreadLocalRandom.current().nextDouble(), captureQueue, metrics, agents::startOnDemand);
    }

    /** The capture settings in the manifest of the model that answered, or null. */
    private static ModelManifest.CaptureOverrides overrides(ModelRegistry registry, String model) {
        return registry.entry(model)
                .map(entry -> entry.snapshot().served())
                .map(ServedModel::files)
                .map(files -> files.manifest().capture())
                .orElse(null);
    }

    /** The gateway's name in object keys: configured, else the host name. */
    static String endpointName(CaptureProperties properties) {
        if (properties.endpointName() != null) {
            return properties.endpointName();
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            int dot = host.indexOf('.');
            host = dot > 0 ? host.substring(0, dot) : host;
            return ObjectKeys.isSafeSegment(host) ? host : "edgeserve";
        } catch (UnknownHostException e) {
            return "edgeserve";
        }
    }
}
