package io.edgeserve.inference;

import io.edgeserve.model.ModelSignature;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What one model knows of the input shapes it is sent: which ones the graph refuses (checked when a request arrives,
 * before it can join a batch) and which ones it keeps an executor for (at most its cap, least recently used
 * evicted), with the bytes each executor takes. Refused shapes are remembered apart, so that a client sending
 * shapes the model cannot take never evicts one it can.
 */
class ExecutorShapes implements AutoCloseable {

    /** Refusals remembered, so that a client repeating a bad shape costs one look-up. */
    private static final int REFUSALS_KEPT = 64;
    private static final String TAKEN = "";

    private final ModelSignature signature;
    private final GraphShapes graph;
    private final ShapeCache<Long> executors;
    private final ShapeCache<String> verdicts = new ShapeCache<>(REFUSALS_KEPT);

    /** @param maxShapes the shapes kept at most; 0 for no cap */
    ExecutorShapes(ModelSignature signature, GraphShapes graph, int maxShapes) {
        this.signature = signature;
        this.graph = graph;
        this.executors = new ShapeCache<>(maxShapes > 0 ? maxShapes : Integer.MAX_VALUE);
    }

    /**
     * Refuses inputs whose shapes the graph cannot take, naming the input, what was sent and the engine's reason.
     * The verdict holds for any number of rows, so it is kept per example shape.
     */
    void check(List<Tensor> inputs) {
        String refusal = verdicts.lookup(key(inputs, false), shape -> {
            try {
                executorBytes(inputs);
                return TAKEN;
            } catch (GraphShapes.Refused e) {
                return e.getMessage();
            }
        });
        if (!refusal.equals(TAKEN)) {
            throw refused(inputs, refusal);
        }
    }

    /** Counts the executor these inputs need (one per full shape, batch size included) among the kept ones. */
    void admit(List<Tensor> inputs) {
        executors.lookup(key(inputs, true), shape -> {
            try {
                return executorBytes(inputs);
            } catch (GraphShapes.Refused e) {
                throw refused(inputs, e.getMessage());
            }
        });
    }

    /** The engine refused inputs that shape inference let through: a shape problem if it was one, else a failure. */
    RuntimeException explain(List<Tensor> inputs, RuntimeException engineFailure) {
        String message = String.valueOf(engineFailure.getMessage());
        if (message.contains("Shape inconsistent") || message.contains("InferShape")) {
            return refused(inputs, EngineMessages.shapeReason(message));
        }
        return engineFailure;
    }

    int cachedShapes() {
        return executors.size();
    }

    int maxShapes() {
        return executors.maxShapes();
    }

    long evictions() {
        return executors.evictions();
    }

    long executorBytes() {
        return executors.sum(Long::longValue);
    }

    private ProblemException refused(List<Tensor> inputs, String reason) {
        String input = signature.inputs().getFirst().name();
        String sent = inputs.getFirst().shape().toString();
        if (inputs.size() > 1) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                all.add(signature.inputs().get(i).name() + " " + inputs.get(i).shape());
            }
            input = signature.inputNames().toString();
            sent = String.join(", ", all);
        }
        return new ProblemException(ProblemType.SHAPE_MISMATCH, (inputs.size() > 1 ? "inputs " : "input '") + input
                + (inputs.size() > 1 ? "" : "'") + " cannot take shape " + sent + ": " + reason)
                .with("input", input)
                .with("receivedShape", sent);
    }

    private long executorBytes(List<Tensor> inputs) {
        return graph.executorBytes(signature.inputs().getFirst().name(), inputs.getFirst().shape().dims(),
                inputs.size() == 1);
    }

    /** Each input's shape (whole, or of one example) and element type, in order. */
    private static List<Object> key(List<Tensor> inputs, boolean withRows) {
        List<Object> key = new ArrayList<>(2 * inputs.size());
        for (Tensor input : inputs) {
            key.add(withRows ? input.shape() : input.shape().rowShape());
            key.add(input.dataType());
        }
        return key;
    }

    @Override
    public void close() {
        graph.close();
    }
}
