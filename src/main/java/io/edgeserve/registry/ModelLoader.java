package io.edgeserve.registry;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.batching.DynamicBatcher;
import io.edgeserve.batching.Ticker;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.ModelEngine;
import io.edgeserve.inference.NativeEnvironment;
import io.edgeserve.inference.TensorBatchRows;
import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.model.TensorSpec;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * Brings a model from its files to serving: resolves the folder, loads each precision variant into the
 * engine, starts a batcher per variant and runs one warm-up prediction where the input shapes are known,
 * so that the first client does not pay for the engine's lazy set-up.
 */
public final class ModelLoader {

    private final ModelResolver resolver;
    private final ModelEngine engine;
    private final BatchingSettings batching;
    private final Float16Policy float16Policy;
    private final BiFunction<String, Precision, BatcherListener> listeners;

    /**
     * @param listeners gives each variant's batcher its listener (metrics), by model name and precision
     */
    public ModelLoader(ModelResolver resolver, ModelEngine engine, BatchingSettings batching, Float16Policy float16Policy,
            BiFunction<String, Precision, BatcherListener> listeners) {
        this.resolver = resolver;
        this.engine = engine;
        this.batching = batching;
        this.float16Policy = float16Policy;
        this.listeners = listeners;
    }

    public Float16Policy float16Policy() {
        return float16Policy;
    }

    /** Returns once the engine can load models; a model's load time is counted from then. */
    public void awaitEngine() {
        engine.awaitReady();
    }

    /**
     * Finds the files of a model, unpacking its archive where it has one; nothing is loaded yet.
     *
     * @throws InvalidModelException with the reason where the location holds no servable model
     */
    public ModelFiles resolve(ModelLocation location) {
        return resolver.resolve(location);
    }

    /**
     * Loads resolved files into the engine: their own variant, the float16 files beside them where the folder
     * has them, and a derived float16 variant where the policy is eager.
     *
     * @throws InvalidModelException with the reason where the model cannot be served
     */
    public Map<Precision, ServedModel> start(ModelFiles files) {
        Map<Precision, ServedModel> variants = new EnumMap<>(Precision.class);
        try {
            ServedModel main = serve(files, engine.load(files));
            variants.put(main.precision(), main);
            if (files.float16() != null && !variants.containsKey(Precision.FLOAT16)) {
                ServedModel half = serve(files.float16(), engine.load(files.float16()));
                variants.put(half.precision(), half);
            }
            if (float16Policy == Float16Policy.EAGER && !variants.containsKey(Precision.FLOAT16)) {
                ServedModel half = deriveFloat16(files, main);
                variants.put(half.precision(), half);
            }
            return variants;
        } catch (RuntimeException e) {
            variants.values().forEach(ServedModel::close);
            throw e;
        }
    }

    /**
     * Derives and starts the float16 variant of a loaded float32 variant.
     *
     * @throws InvalidModelException where the model cannot be halved (parameters not float32)
     */
    public ServedModel deriveFloat16(ModelFiles files, ServedModel float32) {
        return serve(files, engine.deriveFloat16(files, float32.model()));
    }

    private ServedModel serve(ModelFiles files, InferenceModel model) {
        Precision precision = Precision.of(model.parameterType());
        DynamicBatcher<List<Tensor>, List<Tensor>> batcher;
        try {
            batcher = DynamicBatcher.start(files.name() + "@" + precision.label(), settingsFor(files.manifest()),
                    new TensorBatchRows(), model::newRunner, Ticker.system(), listeners.apply(files.name(), precision));
        } catch (IllegalArgumentException e) {
            model.close();
            throw new InvalidModelException("the manifest's batching settings are invalid: " + e.getMessage(), e);
        }
        ServedModel served = new ServedModel(files.name(), files, model, batcher);
        try {
            warmUp(served);
            return served;
        } catch (RuntimeException e) {
            served.close();
            throw e;
        }
    }

    /** The global batching settings with the manifest's overrides applied. */
    BatchingSettings settingsFor(ModelManifest manifest) {
        ModelManifest.BatchingOverrides overrides = manifest.batching();
        if (overrides == null) {
            return batching;
        }
        return new BatchingSettings(
                overrides.maxBatchSize() != null ? overrides.maxBatchSize() : batching.maxBatchSize(),
                overrides.maxDelay() != null ? overrides.maxDelay() : batching.maxDelay(),
                overrides.preferredBatchSizes() != null ? overrides.preferredBatchSizes() : batching.preferredBatchSizes(),
                overrides.queueCapacity() != null ? overrides.queueCapacity() : batching.queueCapacity(),
                overrides.timeout() != null ? overrides.timeout() : batching.timeout(),
                overrides.workers() != null ? NativeEnvironment.safeWorkers(overrides.workers()) : batching.workers());
    }

    private static void warmUp(ServedModel served) {
        if (!served.signature().shapesKnown()) {
            return;
        }
        List<Tensor> zeros = new ArrayList<>();
        for (TensorSpec input : served.signature().inputs()) {
            Shape shape = Shape.ofRows(1, input.rowShape());
            zeros.add(new Tensor(input.dataType(), shape, ByteBuffer.allocate(Math.toIntExact(shape.size() * input.dataType().byteWidth()))));
        }
        try {
            served.submit(zeros, null).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
            throw new InvalidModelException("the warm-up prediction failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidModelException("interrupted during the warm-up prediction", e);
        }
    }
}
