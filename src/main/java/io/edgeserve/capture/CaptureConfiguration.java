package io.edgeserve.capture;

import io.edgeserve.model.ModelManifest;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.uplink.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires data capture where {@code edgeserve.capture.enabled=true}; no logic lives here. The switch is read by a
 * {@link BeanRegistrar} as the service starts, not by a {@code @Conditional}: the jar is processed by Spring AOT,
 * which settles conditions at build time.
 */
@Configuration(proxyBeanMethods = false)
@Import(CaptureConfiguration.Switch.class)
public class CaptureConfiguration {

    /** Registers the queue, the spool's agents and the listener where capture is on. */
    public static final class Switch implements BeanRegistrar {
        @Override
        @SuppressWarnings("unchecked")
        public void register(BeanRegistry registry, Environment environment) {
            if (!environment.getProperty("edgeserve.capture.enabled", Boolean.class, false)) {
                return;
            }
            registry.registerBean("captureMetrics", CaptureMetrics.class, bean -> bean.supplier(context ->
                    new CaptureMetrics(context.bean(MeterRegistry.class))));
            registry.registerBean("captureQueue", BlockingQueue.class, bean -> bean.supplier(context ->
                    captureQueue(context.bean(CaptureProperties.class), context.bean(CaptureMetrics.class))));
            // Closed by the context as it stops: CaptureAgents is AutoCloseable.
            registry.registerBean("captureAgents", CaptureAgents.class, bean -> bean.supplier(context -> {
                CaptureAgents agents = captureAgents(context.bean(CaptureProperties.class),
                        context.bean("captureQueue", BlockingQueue.class), context.bean(CaptureMetrics.class));
                agents.start();
                return agents;
            }));
            registry.registerBean("captureListener", CaptureListener.class, bean -> bean.supplier(context ->
                    captureListener(context.bean(CaptureProperties.class),
                            context.bean("captureQueue", BlockingQueue.class), context.bean(CaptureMetrics.class),
                            context.beanProvider(ModelRegistry.class))));
        }
    }

    static BlockingQueue<CaptureEvent> captureQueue(CaptureProperties properties, CaptureMetrics metrics) {
        BlockingQueue<CaptureEvent> queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        metrics.observeQueue(queue, BlockingQueue::size);
        return queue;
    }

    static CaptureAgents captureAgents(CaptureProperties properties, BlockingQueue<CaptureEvent> captureQueue,
            CaptureMetrics metrics) {
        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(properties.effectiveDir(), properties.maxSpoolSize().toBytes(), properties.maxAge(), clock);
        metrics.observe(spool, Spool::bytes, held -> held.closed().size());
        CaptureDestination destination = properties.destination() == null ? null
                : CaptureDestinations.create(properties.destination(), properties.s3());
        ObjectKeys keys = new ObjectKeys(destination == null ? "" : destination.prefix(), endpointName(properties));
        Uploader uploader = new Uploader(spool, destination, keys,
                new Backoff(properties.initialBackoff(), properties.maxBackoff(), ThreadLocalRandom.current()::nextDouble),
                metrics, clock);
        return new CaptureAgents(properties, captureQueue, spool, destination, uploader, metrics, clock, System::nanoTime);
    }

    static CaptureListener captureListener(CaptureProperties properties, BlockingQueue<CaptureEvent> captureQueue,
            CaptureMetrics metrics, ObjectProvider<ModelRegistry> registry) {
        return new CaptureListener(properties.defaults(), model -> overrides(registry.getObject(), model),
                () -> ThreadLocalRandom.current().nextDouble(), captureQueue, metrics);
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
