package io.edgeserve.sync;

import io.edgeserve.SharedModels;
import io.edgeserve.batching.BatcherListener;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.registry.Float16Policy;
import io.edgeserve.registry.ModelLoader;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.RegistryListener;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sync tests share: a real registry over the real MXNet engine, a publisher that lays out model
 * versions from the shared models and signs catalogues with the production builder, and an agent over a
 * sync folder of its own. Models: {@code cifar} is resnet20-v1 as version 1 and resnet20-v2 as version 2;
 * {@code linreg} is the SageMaker linear regression, published as its {@code model.tar.gz}.
 */
final class SyncRig implements AutoCloseable {

    static final List<Long> CIFAR_SHAPE = List.of(1L, 3L, 32L, 32L);

    final Path root;
    final Path models;
    final Path published;
    final Path store;
    final KeyPair key = Ed25519Keys.generate();
    final ModelRegistry registry;
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    final RecordingListener events = new RecordingListener();

    SyncRig(Path root) {
        SharedModels.assumePresent();
        this.root = root;
        this.models = root.resolve("models");
        this.published = root.resolve("published");
        this.store = root.resolve("store");
        ModelResolver resolver = new ModelResolver(new ManifestReader(null),
                new ModelArchive(ModelArchive.Limits.DEFAULT), root.resolve("work"));
        BatchingSettings batching = new BatchingSettings(8, Duration.ZERO, List.of(), 64, Duration.ofSeconds(10), 1);
        ModelLoader loader = new ModelLoader(resolver, new MxnetModelLoader(1), batching, Float16Policy.NEVER,
                (name, precision) -> BatcherListener.NONE);
        registry = new ModelRegistry(loader, Duration.ofSeconds(5), 1L << 30, Precision.FLOAT32, RegistryListener.NONE);
    }

    /** Lays out {@code cifar/VERSION} from resnet20-v1 (version 1) or -v2 (any other), with its manifest. */
    Path cifarVersion(long version, String resnet) {
        return layOutCifar(models, version, resnet);
    }

    /** Lays out {@code MODELS/cifar/VERSION} from a shared resnet, with its manifest. */
    static Path layOutCifar(Path models, long version, String resnet) {
        Path dir = models.resolve("cifar").resolve(Long.toString(version));
        Path shared = SharedModels.existingModel(resnet);
        String prefix = resnet.replace("cifar-", "cifar_").replace('-', '_');
        link(dir, shared.resolve(prefix + "-symbol.json"), shared.resolve(prefix + "-0000.params"),
                shared.resolve("synset.txt"));
        copy(SharedModels.MANIFESTS.resolve(resnet + ".json"), dir.resolve(ModelFolder.MANIFEST_FILE));
        return dir;
    }

    /** Lays out {@code linreg/VERSION} as the shared {@code model.tar.gz} with AWS's documented self-test. */
    Path linregVersion(long version) {
        Path dir = models.resolve("linreg").resolve(Long.toString(version));
        link(dir, SharedModels.existingModel("sagemaker-linreg").resolve("model.tar.gz"));
        write(dir.resolve(CatalogueBuilder.SELF_TEST_FILE),
                "{\"shape\": [1, 2], \"input\": [1, 2], \"expected\": [4.9999918937683105], \"tolerance\": 0.0001}");
        return dir;
    }

    /** Writes a self-test whose expected values are what the model at {@code dir} answers now for a fill of 0.5. */
    void cifarSelfTest(Path dir, float offset) {
        float[] expected = predictOnce(dir, CIFAR_SHAPE, fill(0.5f));
        StringBuilder values = new StringBuilder();
        for (float value : expected) {
            values.append(values.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", value + offset));
        }
        write(dir.resolve(CatalogueBuilder.SELF_TEST_FILE), "{\"shape\": [1, 3, 32, 32], \"fill\": 0.5, \"expected\": ["
                + values + "], \"tolerance\": 0.001}");
    }

    /** Signs and writes a catalogue of the models laid out so far, valid for a day from the rig's clock. */
    Catalogue publish(long version) {
        return publish(version, Duration.ofDays(1), false);
    }

    Catalogue publish(long version, Duration validFor, boolean atomic) {
        try {
            return CatalogueBuilder.build(models, published, key.getPrivate(), version, clock.instant().plus(validFor),
                    atomic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SyncAgent agent(CatalogueSource source, KeyPair... trusted) {
        List<java.security.PublicKey> keys = new ArrayList<>();
        for (KeyPair pair : trusted.length == 0 ? new KeyPair[] {key} : trusted) {
            keys.add(pair.getPublic());
        }
        return new SyncAgent(source, new CatalogueCheck(keys, Duration.ZERO, clock), new SyncStore(store),
                new RegistrySwitch(registry, Duration.ofMillis(200), Duration.ofSeconds(10)), events, clock, 1);
    }

    /** The first output of what requests for {@code name} reach now. */
    float[] answer(String name, List<Long> shape, float[] input) {
        return predict(registry.resolve(name), shape, input);
    }

    static float[] fill(float value) {
        float[] values = new float[3 * 32 * 32];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private float[] predictOnce(Path dir, List<Long> shape, float[] input) {
        String name = "reference-" + System.nanoTime();
        registry.load(name, new io.edgeserve.model.ModelLocation(name, dir));
        try {
            return predict(registry.resolve(name), shape, input);
        } finally {
            registry.unload(name);
        }
    }

    static float[] predict(ServedModel served, List<Long> shape, float[] input) {
        try {
            return served.submit(List.of(Tensor.ofFloats(Shape.of(shape), input)), null).get(30, TimeUnit.SECONDS)
                    .getFirst().toFloatArray();
        } catch (Exception e) {
            throw new IllegalStateException("prediction failed", e);
        }
    }

    static void link(Path dir, Path... files) {
        try {
            Files.createDirectories(dir);
            for (Path file : files) {
                Files.createSymbolicLink(dir.resolve(file.getFileName()), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        registry.close();
    }

    /** A wall clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Counts what the agent reports, as the metrics would. */
    static final class RecordingListener implements SyncListener {
        final AtomicLong bytes = new AtomicLong();
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> swaps = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> rollbacks = new ConcurrentHashMap<>();

        @Override
        public void bytesDownloaded(long count) {
            bytes.addAndGet(count);
        }

        @Override
        public void failed(SyncFailure.Reason reason) {
            failures.computeIfAbsent(reason.tag(), k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void swapped(String model) {
            swaps.computeIfAbsent(model, k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void rolledBack(String model) {
            rollbacks.computeIfAbsent(model, k -> new AtomicLong()).incrementAndGet();
        }

        long failures(SyncFailure.Reason reason) {
            AtomicLong count = failures.get(reason.tag());
            return count == null ? 0 : count.get();
        }
    }
}
