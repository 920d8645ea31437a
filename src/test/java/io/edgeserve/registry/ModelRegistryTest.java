package io.edgeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.batching.BatchRunner;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.batching.BatcherListener;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.ModelEngine;
import io.edgeserve.tensor.DataType;
import java.util.concurrent.atomic.AtomicInteger;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.model.TensorSpec;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.sagemaker.PingController;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's states and target resolution, with an echo model whose loading the test controls. */
class ModelRegistryTest {

    @TempDir
    Path root;

    private final CountDownLatch loadMayFinish = new CountDownLatch(1);
    private ModelRegistry registry;

    /** Returns its input: a model with no engine, for what the registry does around it. */
    private static final class EchoModel implements InferenceModel {
        private final DataType type;

        EchoModel() {
            this(DataType.FLOAT32);
        }

        EchoModel(DataType type) {
            this.type = type;
        }

        @Override
        public DataType parameterType() {
            return type;
        }

        @Override
        public ModelSignature signature() {
            return new ModelSignature(List.of(new TensorSpec("data", List.of(-1L, 2L), null)), List.of(), List.of("echo"), List.of());
        }

        @Override
        public BatchRunner<List<Tensor>, List<Tensor>> newRunner() {
            return new BatchRunner<>() {
                @Override
                public List<Tensor> run(List<Tensor> batch) {
                    return batch;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public long parameterBytes() {
            return 0;
        }

        @Override
        public void close() {}
    }

    private final AtomicInteger derivations = new AtomicInteger();

    private ModelRegistry registry(Function<ModelFiles, InferenceModel> engine) {
        return registry(engine, Float16Policy.LAZY);
    }

    private ModelRegistry registry(Function<ModelFiles, InferenceModel> load, Float16Policy policy) {
        ModelResolver resolver = new ModelResolver(new ManifestReader(null), new ModelArchive(ModelArchive.Limits.DEFAULT), root.resolve("work"));
        BatchingSettings settings = new BatchingSettings(8, Duration.ofMillis(1), List.of(), 16, Duration.ofSeconds(5), 1);
        ModelEngine engine = new ModelEngine() {
            @Override
            public InferenceModel load(ModelFiles files) {
                return load.apply(files);
            }

            @Override
            public InferenceModel deriveFloat16(ModelFiles files, InferenceModel float32) {
                derivations.incrementAndGet();
                return new EchoModel(DataType.FLOAT16);
            }
        };
        ModelLoader loader = new ModelLoader(resolver, engine, settings, policy, (name, precision) -> BatcherListener.NONE);
        registry = new ModelRegistry(loader, Duration.ofSeconds(1), 1L << 30, Precision.FLOAT32, RegistryListener.NONE);
        return registry;
    }

    @AfterEach
    void close() {
        loadMayFinish.countDown();
        if (registry != null) {
            registry.close();
        }
    }

    private ModelLocation model(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("model-symbol.json"), "{}");
        Files.writeString(dir.resolve("model-0000.params"), "x");
        return new ModelLocation(name, dir);
    }

    private InferenceModel slowLoad(ModelFiles files) {
        try {
            loadMayFinish.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new EchoModel();
    }

    @Test
    void whileLoading_pingIs503AndRequestsAreNotReady() throws Exception {
        ModelRegistry registry = registry(this::slowLoad);
        registry.loadConfigured(List.of(model("slow")));

        var ping = new PingController(registry, List.of(), List.of()).ping();

        assertThat(ping.getStatusCode().value()).isEqualTo(503);
        assertThat(ping.getBody().notReady()).containsExactly(new PingController.NotReady("slow", "loading", "loading"));
        assertThatThrownBy(() -> registry.resolve("slow"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MODEL_NOT_READY));
    }

    @Test
    void whileModelSyncRestores_pingIs503NamingIt_thenHealthy() throws Exception {
        ModelRegistry registry = registry(this::slowLoad);
        loadMayFinish.countDown();
        var restore = new java.util.concurrent.atomic.AtomicReference<String>("restoring the synced models from disk");
        StartupLoad sync = new StartupLoad() {
            @Override
            public String name() {
                return "model sync";
            }

            @Override
            public String pending() {
                return restore.get();
            }
        };
        var controller = new PingController(registry, List.of(), List.of(sync));

        var restoring = controller.ping();
        restore.set(null);

        assertThat(restoring.getStatusCode().value()).isEqualTo(503);
        assertThat(restoring.getBody().notReady()).containsExactly(
                new PingController.NotReady("model sync", "loading", "restoring the synced models from disk"));
        assertThat(controller.ping().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void onceLoaded_pingIs200AndTheModelServes() throws Exception {
        ModelRegistry registry = registry(this::slowLoad);
        registry.loadConfigured(List.of(model("slow")));
        loadMayFinish.countDown();
        awaitState(registry, "slow", ModelState.READY);

        assertThat(new PingController(registry, List.of(), List.of()).ping().getStatusCode().value()).isEqualTo(200);
        Tensor rows = Tensor.ofFloats(Shape.of(1, 2), 1, 2);
        assertThat(registry.resolve("slow").submit(List.of(rows), null).get()).containsExactly(rows);
    }

    @Test
    void hiddenVersion_takesNoRequestUntilRevealed_thenTheNameMovesToIt() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        ModelEntry one = registry.load("cifar:1", model("cifar-1"));
        ModelEntry two = registry.loadHidden("cifar:2", model("cifar-2"));

        ServedModel before = registry.resolve("cifar");
        assertThatThrownBy(() -> registry.resolve("cifar:2"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MODEL_NOT_FOUND));
        registry.reveal("cifar:2");

        assertThat(before).isSameAs(one.snapshot().served());
        assertThat(registry.resolve("cifar")).isSameAs(two.snapshot().served());
        assertThat(registry.resolve(null)).as("two versions of one name are still the only model")
                .isSameAs(two.snapshot().served());
    }

    @Test
    void noModelAtAll_isHealthy() {
        assertThat(new PingController(registry(this::slowLoad), List.of(), List.of()).ping().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void failedLoad_isKeptWithItsReason() throws Exception {
        ModelRegistry registry = registry(files -> {
            throw new io.edgeserve.model.InvalidModelException("params truncated");
        });
        registry.loadConfigured(List.of(model("bad")));
        awaitState(registry, "bad", ModelState.FAILED);

        assertThat(registry.entry("bad").orElseThrow().snapshot().reason()).isEqualTo("params truncated");
        assertThat(new PingController(registry, List.of(), List.of()).ping().getBody().notReady())
                .containsExactly(new PingController.NotReady("bad", "failed", "params truncated"));
    }

    @Test
    void engineThatCannotLoadItsNativeLibrary_leavesTheModelFailedNotLoading() throws Exception {
        ModelRegistry registry = registry(files -> {
            throw new UnsatisfiedLinkError("libmxnet.so: failed to map segment from shared object");
        });
        registry.loadConfigured(List.of(model("m")));
        awaitState(registry, "m", ModelState.FAILED);

        assertThat(registry.entry("m").orElseThrow().snapshot().reason()).contains("native library did not load");
    }

    @Test
    void archiveStyleTargetName_findsTheModel() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        registry.loadConfigured(List.of(model("resnet")));
        awaitState(registry, "resnet", ModelState.READY);

        assertThat(registry.resolve("resnet.tar.gz").name()).isEqualTo("resnet");
    }

    @Test
    void onlyModel_servesWithoutATarget() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        registry.loadConfigured(List.of(model("only")));
        awaitState(registry, "only", ModelState.READY);

        assertThat(registry.resolve(null).name()).isEqualTo("only");
    }

    @Test
    void float16Requested_isDerivedOnceOnFirstUse() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        registry.loadConfigured(List.of(model("m")));
        awaitState(registry, "m", ModelState.READY);

        assertThat(registry.resolve("m").precision()).isEqualTo(Precision.FLOAT32);
        assertThat(registry.resolve("m@float16").precision()).isEqualTo(Precision.FLOAT16);
        assertThat(registry.resolve("m", Precision.FLOAT16).precision()).isEqualTo(Precision.FLOAT16);
        assertThat(derivations).hasValue(1);
        assertThat(registry.entry("m").orElseThrow().snapshot().variants()).containsOnlyKeys(Precision.FLOAT32, Precision.FLOAT16);
    }

    @Test
    void eagerPolicy_derivesAtLoad() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel(), Float16Policy.EAGER);
        registry.loadConfigured(List.of(model("m")));
        awaitState(registry, "m", ModelState.READY);

        assertThat(registry.entry("m").orElseThrow().snapshot().variants()).containsOnlyKeys(Precision.FLOAT32, Precision.FLOAT16);
        assertThat(derivations).hasValue(1);
    }

    @Test
    void neverPolicy_refusesFloat16WithA404Problem() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel(), Float16Policy.NEVER);
        registry.loadConfigured(List.of(model("m")));
        awaitState(registry, "m", ModelState.READY);

        assertThatThrownBy(() -> registry.resolve("m@float16"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VARIANT_NOT_AVAILABLE))
                .hasMessageContaining("has no float16 variant; it has [float32]");
        assertThat(derivations).hasValue(0);
    }

    @Test
    void unknownPrecision_isA400() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        registry.loadConfigured(List.of(model("m")));
        awaitState(registry, "m", ModelState.READY);

        assertThatThrownBy(() -> registry.resolve("m@int8"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST));
    }

    @Test
    void bareName_resolvesToTheHighestReadyVersion() throws Exception {
        ModelRegistry registry = registry(files -> new EchoModel());
        registry.loadConfigured(List.of(model("iris:2"), model("iris:10"), model("iris:9")));
        for (String name : List.of("iris:2", "iris:10", "iris:9")) {
            awaitState(registry, name, ModelState.READY);
        }

        assertThat(registry.resolve("iris").name()).isEqualTo("iris:10");
        assertThat(registry.resolve("iris:2").name()).isEqualTo("iris:2");
        assertThat(registry.describe("iris").orElseThrow().name()).isEqualTo("iris:10");
    }

    private static void awaitState(ModelRegistry registry, String name, ModelState state) throws InterruptedException {
        for (int i = 0; i < 500 && registry.entry(name).orElseThrow().state() != state; i++) {
            Thread.sleep(10);
        }
        assertThat(registry.entry(name).orElseThrow().state()).isEqualTo(state);
    }
}
