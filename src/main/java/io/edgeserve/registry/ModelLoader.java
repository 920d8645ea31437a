package io.edgeserve.registry;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.batching.DynamicBatcher;
import io.edgeserve.batching.Ticker;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.TensorBatchRows;
import io.edgeserve.model.InvalidModelException;
import io.edgeserve.inference.NativeEnvironment;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.model.TensorSpec;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Brings a model from its files to serving: resolves the folder, loads it into the engine, starts its
 * batcher and runs one warm-up prediction where the input shapes are known, so that the first client
 * does not pay for the engine's lazy set-up.
 */
public final class ModelLoader {

    private final ModelResolver resolver;
    private final Function<ModelFiles, InferenceModel> engine;
    private final BatchingSettings batching;
    private final Function<String, BatcherListener> listeners;

    /**
     * @param listeners gives each model's batcher its listener (metrics), by model name
     */
    public ModelLoader(ModelResolver resolver, Function<ModelFiles, InferenceModel> engine, BatchingSettings batching,
            Function<String, BatcherListener> listeners) {
        this.resolver = resolver;
        this.engine = engine;
        this.batching = batching;
        this.listeners = listeners;
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
     * Loads resolved files into the engine, starts their batcher and warms them up.
     *
     * @throws InvalidModelException with the reason where the model cannot be served
     */
    public ServedModel start(ModelFiles files) {
        InferenceModel model = engine.apply(files);
        DynamicBatcher<List<Tensor>, List<Tensor>> batcher;
        try {
            batcher = DynamicBatcher.start(files.name(), settingsFor(files.manifest()), new TensorBatchRows(), model::newRunner,
                    Ticker.system(), listeners.apply(files.name()));
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
