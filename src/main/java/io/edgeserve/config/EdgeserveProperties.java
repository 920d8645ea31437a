package io.edgeserve.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.edgeserve.registry.Float16Policy;
import io.edgeserve.registry.Precision;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code edgeserve.*} setting, bound once at start and validated; docs/configuration.md lists them.
 *
 * @param modelDir        where models are read from; {@code /opt/ml/model} where it exists, else {@code ./models}
 * @param manifestDir     a folder of {@code NAME.json} manifests for read-only model folders (optional)
 * @param workDir         where {@code model.tar.gz} archives are unpacked
 * @param maxRequestSize  the largest request body accepted (SageMaker's own limit is 6 MB)
 * @param shutdownGrace   how long queued requests may take to finish when the service stops
 * @param batching        the dynamic batcher's defaults for every model
 * @param archive         limits on unpacking model archives
 * @param models          the multi-model API's settings
 * @param image           limits on pictures sent to image models
 * @param requestLog      the one-line-per-request log (docs/observability.md)
 */
@ConfigurationProperties("edgeserve")
public record EdgeserveProperties(
        Path modelDir,
        Path manifestDir,
        Path workDir,
        @DefaultValue("6MB") DataSize maxRequestSize,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue Batching batching,
        @DefaultValue Archive archive,
        @DefaultValue Models models,
        @DefaultValue Image image,
        @DefaultValue RequestLog requestLog) {

    static final Path SAGEMAKER_MODEL_DIR = Path.of("/opt/ml/model");

    public EdgeserveProperties {
        if (maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("edgeserve.max-request-size must be positive");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("edgeserve.shutdown-grace must not be negative");
        }
    }

    /** The model folder in force: the configured one, else SageMaker's, else {@code ./models}. */
    public Path effectiveModelDir() {
        if (modelDir != null) {
            return modelDir;
        }
        return Files.isDirectory(SAGEMAKER_MODEL_DIR) ? SAGEMAKER_MODEL_DIR : Path.of("models");
    }

    public Path effectiveWorkDir() {
        return workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "edgeserve");
    }

    /**
     * The batcher's defaults; {@code SAGEMAKER_MODEL_SERVER_WORKERS} and {@code SAGEMAKER_MODEL_SERVER_TIMEOUT}
     * (seconds) set workers and timeout, as SageMaker's own containers read them.
     */
    public record Batching(
            @DefaultValue("32") int maxBatchSize,
            @DefaultValue("0ms") Duration maxDelay,
            @DefaultValue List<Integer> preferredBatchSizes,
            @DefaultValue("256") int queueCapacity,
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("2") int workers) {}

    /**
     * The multi-model API: where {@code POST /models} may load from (besides the model folder), and the
     * memory all models may take together; unset, half the machine's (or container's) memory. Also when float16
     * variants are derived (eager, lazy, never) and which variant requests get by default. {@code maxShapes} caps the
     * distinct input shapes each model keeps an executor for (a manifest's {@code maxShapes} overrides it; 0: no cap,
     * and memory grows with every new shape).
     */
    public record Models(
            @DefaultValue("/opt/ml/models") List<Path> allowedRoots,
            DataSize memoryBudget,
            @DefaultValue("lazy") Float16Policy float16Variant,
            @DefaultValue("float32") Precision defaultPrecision,
            @DefaultValue("8") int maxShapes) {

        public Models {
            if (maxShapes < 0) {
                throw new IllegalArgumentException("edgeserve.models.max-shapes must be 0 (no cap) or more, was " + maxShapes);
            }
        }

        public long effectiveMemoryBudgetBytes() {
            if (memoryBudget != null) {
                return memoryBudget.toBytes();
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os.getTotalMemorySize() / 2;
        }
    }

    /** The request log: one line per request on the logger {@code edgeserve.requests}, off by default. */
    public record RequestLog(@DefaultValue("false") boolean enabled) {}

    /** Limits on unpacking {@code model.tar.gz}: entries, bytes, and the ratio that marks an archive bomb. */
    public record Archive(
            @DefaultValue("10000") int maxEntries,
            @DefaultValue("8GB") DataSize maxUnpackedSize,
            @DefaultValue("200") int maxCompressionRatio) {}

    /**
     * Limits on pictures: the pixels one may declare (checked before it is decoded) and how many one request
     * may carry.
     */
    public record Image(
            @DefaultValue("40000000") long maxPixels,
            @DefaultValue("64") int maxImages) {

        public Image {
            if (maxPixels < 1 || maxImages < 1) {
                throw new IllegalArgumentException(
                        "edgeserve.image.max-pixels and edgeserve.image.max-images must be positive");
            }
        }
    }
}
