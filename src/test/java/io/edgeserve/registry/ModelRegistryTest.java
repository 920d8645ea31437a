package io.edgeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.batching.BatchRunner;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.inference.InferenceModel;
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

    private ModelRegistry registry(Function<ModelFiles, InferenceModel> engine) {
        ModelResolver resolver = new ModelResolver(new ManifestReader(null), new ModelArchive(ModelArchive.Limits.DEFAULT), root.resolve("work"));
        BatchingSettings settings = new BatchingSettings(8, Duration.ofMillis(1), List.of(), 16, Duration.ofSeconds(5), 1);
        registry = new ModelRegistry(new ModelLoader(resolver, engine, settings, name -> io.edgeserve.batching.BatcherListener.NONE), Duration.ofSeconds(1), 1L << 30, RegistryListener.NONE);
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

        var ping = new PingController(registry).ping();

        assertThat(ping.getStatusCode().value()).isEqualTo(503);
        assertThat(ping.getBody().notReady()).containsExactly(new PingController.NotReady("slow", "loading", "loading"));
        assertThatThrownBy(() -> registry.resolve("slow"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MODEL_NOT_READY));
    }

    @Test
    void onceLoaded_pingIs200AndTheModelServes() throws Exception {
        ModelRegistry registry = registry(this::slowLoad);
        registry.loadConfigured(List.of(model("slow")));
        loadMayFinish.countDown();
        awaitState(registry, "slow", ModelState.READY);

        assertThat(new PingController(registry).ping().getStatusCode().value()).isEqualTo(200);
        Tensor rows = Tensor.ofFloats(Shape.of(1, 2), 1, 2);
        assertThat(registry.resolve("slow").submit(List.of(rows), null).get()).containsExactly(rows);
    }

    @Test
    void noModelAtAll_isHealthy() {
        assertThat(new PingController(registry(this::slowLoad)).ping().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void failedLoad_isKeptWithItsReason() throws Exception {
        ModelRegistry registry = registry(files -> {
            throw new io.edgeserve.model.InvalidModelException("params truncated");
        });
        registry.loadConfigured(List.of(model("bad")));
        awaitState(registry, "bad", ModelState.FAILED);

        assertThat(registry.entry("bad").orElseThrow().snapshot().reason()).isEqualTo("params truncated");
        assertThat(new PingController(registry).ping().getBody().notReady())
                .containsExactly(new PingController.NotReady("bad", "failed", "params truncated"));
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

    private static void awaitState(ModelRegistry registry, String name, ModelState state) throws InterruptedException {
        for (int i = 0; i < 500 && registry.entry(name).orElseThrow().state() != state; i++) {
            Thread.sleep(10);
        }
        assertThat(registry.entry(name).orElseThrow().state()).isEqualTo(state);
    }
}
