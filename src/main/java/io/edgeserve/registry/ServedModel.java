package io.edgeserve.registry;

import io.edgeserve.batching.DynamicBatcher;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A loaded model and the batcher that feeds it: what a request to a ready model is sent to. */
public final class ServedModel implements AutoCloseable {

    private final String name;
    private final ModelFiles files;
    private final InferenceModel model;
    private final DynamicBatcher<List<Tensor>, List<Tensor>> batcher;

    ServedModel(String name, ModelFiles files, InferenceModel model, DynamicBatcher<List<Tensor>, List<Tensor>> batcher) {
        this.name = name;
        this.files = files;
        this.model = model;
        this.batcher = batcher;
    }

    public String name() {
        return name;
    }

    public ModelFiles files() {
        return files;
    }

    public ModelSignature signature() {
        return model.signature();
    }

    public long parameterBytes() {
        return model.parameterBytes();
    }

    /** What this variant takes in memory while serving (see {@link InferenceModel#memoryBytes()}). */
    public long memoryBytes() {
        return model.memoryBytes();
    }

    /** Which variant this is, from the type its parameters are held in. */
    public Precision precision() {
        return Precision.of(model.parameterType());
    }

    InferenceModel model() {
        return model;
    }

    /**
     * Queues one request's inputs, in signature order, for inference.
     *
     * Inputs whose shapes the model cannot take are refused here, before they can join a batch.
     *
     * @param timeout how long the caller will wait, or null for the configured default (it can only shorten it)
     * @throws io.edgeserve.problem.ProblemException shape-mismatch where the graph cannot take the inputs' shapes
     */
    public CompletableFuture<List<Tensor>> submit(List<Tensor> inputs, Duration timeout) {
        model.checkShapes(inputs);
        return batcher.submit(inputs, timeout);
    }

    /**
     * As {@link #submit}, but a lone request (nothing queued, no worker busy) runs on the calling thread with an idle
     * worker's predictor, and the future is complete on return: no hand-off between threads for a request that has
     * nothing to batch with. For a request's own thread, which would wait for the answer anyway.
     */
    public CompletableFuture<List<Tensor>> runOrSubmit(List<Tensor> inputs, Duration timeout) {
        model.checkShapes(inputs);
        return batcher.runOrSubmit(inputs, timeout);
    }

    /** Distinct input shapes this variant keeps an executor for now. */
    public int cachedShapes() {
        return model.cachedShapes();
    }

    /** The most shapes this variant keeps an executor for. */
    public int maxShapes() {
        return model.maxShapes();
    }

    /** Executors evicted to keep within {@link #maxShapes()} since the variant loaded. */
    public long shapeEvictions() {
        return model.shapeEvictions();
    }

    public int queueDepth() {
        return batcher.queueDepth();
    }

    public int busyWorkers() {
        return batcher.busyWorkers();
    }

    /** True when nothing is queued or running: the model may be evicted without failing a request. */
    public boolean idle() {
        return batcher.queueDepth() == 0 && batcher.busyWorkers() == 0;
    }

    /** Finishes queued work within {@code grace}, then frees the engine's memory. */
    public void shutdown(Duration grace) {
        batcher.shutdown(grace);
        model.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
