package io.edgeserve.inference;

import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Tensor;
import java.util.List;

/**
 * A model loaded into an engine, ready to run: its signature and a source of runners, one per worker
 * thread because an engine predictor is not thread-safe. Inputs and outputs are in signature order.
 */
public interface InferenceModel extends AutoCloseable {

    ModelSignature signature();

    /** A runner for one worker; the caller closes it. */
    BatchRunner<List<Tensor>, List<Tensor>> newRunner();

    /** Bytes the model's parameters take in memory. */
    long parameterBytes();

    /** The element type the parameters are held in: float32, or float16 for a half-size variant. */
    DataType parameterType();

    /**
     * What the model takes in memory while serving, as far as its parameters go: their own bytes, plus the
     * float32 copies MXNet keeps of float16 weights behind their casts once the first batch has run, and the arrays of
     * the executors kept for the input shapes seen (see {@link #cachedShapes()}).
     */
    default long memoryBytes() {
        return parameterBytes();
    }

    /**
     * Refuses, before they can join a batch, inputs whose shapes the model's graph cannot take.
     *
     * @throws io.edgeserve.problem.ProblemException shape-mismatch naming the input, what was sent and why
     */
    default void checkShapes(List<Tensor> inputs) {}

    /** Distinct input shapes the model keeps an executor for now (their bytes are in {@link #memoryBytes()}). */
    default int cachedShapes() {
        return 0;
    }

    /** The most shapes the model keeps an executor for. */
    default int maxShapes() {
        return Integer.MAX_VALUE;
    }

    /** Shapes whose executor was evicted to keep within {@link #maxShapes()} since the model loaded. */
    default long shapeEvictions() {
        return 0;
    }

    /** Frees the engine's memory; runners must be closed first. */
    @Override
    void close();
}
