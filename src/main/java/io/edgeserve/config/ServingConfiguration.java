package io.edgeserve.config;

import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.codec.CodecLimits;
import io.edgeserve.codec.ImageLimits;
import io.edgeserve.codec.ImageRequestReader;
import io.edgeserve.codec.TensorCodec;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.invocation.InvocationListener;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.inference.NativeEnvironment;
import io.edgeserve.metrics.ServingMetrics;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.registry.ModelLoader;
import io.edgeserve.registry.ModelRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/** Builds the serving components from {@link EdgeserveProperties}; no logic lives here. */
@Configuration(proxyBeanMethods = false)
public class ServingConfiguration {

    @Bean
    TensorCodec tensorCodec() {
        return new TensorCodec(CodecLimits.DEFAULTS, MediaType.APPLICATION_JSON);
    }

    @Bean
    ImageRequestReader imageRequestReader(EdgeserveProperties properties) {
        EdgeserveProperties.Image image = properties.image();
        return new ImageRequestReader(new ImageLimits(image.maxPixels(), image.maxImages(),
                Runtime.getRuntime().availableProcessors()));
    }

    @Bean
    BatchingSettings batchingSettings(EdgeserveProperties properties) {
        EdgeserveProperties.Batching batching = properties.batching();
        NativeEnvironment.prepare(batching.workers(), properties.models().maxShapes());
        return new BatchingSettings(batching.maxBatchSize(), batching.maxDelay(), batching.preferredBatchSizes(),
                batching.queueCapacity(), batching.timeout(), NativeEnvironment.safeWorkers(batching.workers()));
    }

    @Bean
    ModelLoader modelLoader(EdgeserveProperties properties, BatchingSettings batching, ServingMetrics metrics) {
        EdgeserveProperties.Archive archive = properties.archive();
        ModelResolver resolver = new ModelResolver(new ManifestReader(properties.manifestDir()),
                new ModelArchive(new ModelArchive.Limits(archive.maxEntries(), archive.maxUnpackedSize().toBytes(),
                        archive.maxCompressionRatio())),
                properties.effectiveWorkDir());
        return new ModelLoader(resolver, new MxnetModelLoader(batching.workers(), properties.models().maxShapes()), batching,
                properties.models().float16Variant(), metrics::batcherListener);
    }

    @Bean(destroyMethod = "close")
    ModelRegistry modelRegistry(ModelLoader loader, EdgeserveProperties properties, ServingMetrics metrics) {
        ModelRegistry registry = new ModelRegistry(loader, properties.shutdownGrace(),
                properties.models().effectiveMemoryBudgetBytes(), properties.models().defaultPrecision(), metrics);
        metrics.observe(registry);
        return registry;
    }

    /** The invocation core; every {@link InvocationListener} bean (metrics, data capture) hears of every request. */
    @Bean
    InvocationService invocationService(ModelRegistry registry, TensorCodec codecs, ImageRequestReader images,
            ObjectProvider<InvocationListener> listeners) {
        return new InvocationService(registry, codecs, images, listeners.orderedStream().toList(), Clock.systemUTC());
    }
}
