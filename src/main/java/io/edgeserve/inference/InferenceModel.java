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
     * float32 copies MXNet keeps of float16 weights behind their casts once the first batch has run.
     */
    default long memoryBytes() {
        return parameterBytes();
    }

    /** Frees the engine's memory; runners must be closed first. */
    @Override
    void close();
}
