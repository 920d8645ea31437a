package io.edgeserve.inference;

import ai.djl.engine.EngineException;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.mxnet.engine.Symbol;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MXNet's shape inference over a model's whole graph: for one set of input shapes it says whether the graph takes
 * them and, if so, how many bytes the arrays between its layers take, which is what an executor for those shapes
 * allocates. It runs no layer and allocates no array, so it can answer before a request reaches a batch.
 */
final class GraphShapes implements AutoCloseable {

    /** Why the graph refuses a set of input shapes, in plain words. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Intermediate arrays an executor holds at once, at least: a layer's input and output and a residual branch. */
    private static final int ARRAYS_LIVE_AT_ONCE = 3;

    private final Symbol internals;
    private final Set<String> variables = new HashSet<>();
    /** The shapes of the loaded parameters: without them MXNet would infer weights to fit any input. */
    private final PairList<String, Shape> parameterShapes = new PairList<>();

    GraphShapes(MxSymbolBlock block) {
        this.internals = block.getSymbol().getInternals();
        variables.addAll(List.of(internals.getArgNames()));
        variables.addAll(List.of(internals.getAuxNames()));
        for (Parameter parameter : block.getAllParameters()) {
            if (parameter.isInitialized()) {
                parameterShapes.add(parameter.getName(), parameter.getArray().getShape());
            }
        }
    }

    /**
     * The bytes an executor for these input shapes holds at least (float32, as MXNet computes here), or 0 where
     * shape inference cannot tell, and the engine decides. MXNet infers every parameter's shape from the input's;
     * where one differs from the parameter loaded, the graph cannot take the input. Only the first input's shape is
     * given: DJL 0.36's {@code Symbol.inferShape} sends MXNet a wrong index for a second one (its
     * {@code arg_ind_ptr} is not cumulative), so a graph of several inputs is left to the engine. Synchronized: MXNet
     * keeps the answer of a shape inference call in per-thread storage read after the call.
     *
     * @throws Refused where the graph cannot take the shapes
     */
    synchronized long executorBytes(String input, long[] shape, boolean onlyInput) {
        if (!onlyInput) {
            return 0;
        }
        PairList<String, Shape> inputs = new PairList<>();
        inputs.add(input, new Shape(shape));
        Map<String, Shape> inferred;
        try {
            inferred = internals.inferShape(inputs);
        } catch (EngineException e) {
            throw new Refused(EngineMessages.shapeReason(e.getMessage()));
        } catch (IllegalArgumentException e) { // MXNet could not infer every shape from this input alone
            return 0;
        }
        for (int i = 0; i < parameterShapes.size(); i++) {
            String name = parameterShapes.keyAt(i);
            Shape loaded = parameterShapes.valueAt(i);
            Shape needed = inferred.get(name);
            if (needed != null && !needed.equals(loaded)) {
                throw new Refused(EngineMessages.parameterReason(name, loaded.getShape(), needed.getShape()));
            }
        }
        // MXNet's static memory plan shares buffers between layers, so the sum of every intermediate array overstates
        // what an executor holds (resnet20 at 32x32: 2.6 MB summed, about 0.7 MB measured per shape). What it must
        // hold at once is at least a layer's input, its output and a residual branch: the three largest arrays.
        long[] largest = new long[ARRAYS_LIVE_AT_ONCE];
        for (Map.Entry<String, Shape> entry : inferred.entrySet()) {
            if (!variables.contains(entry.getKey()) && entry.getValue() != null) {
                long size = entry.getValue().size() * Float.BYTES;
                for (int i = 0; i < largest.length; i++) {
                    if (size > largest[i]) {
                        long displaced = largest[i];
                        largest[i] = size;
                        size = displaced;
                    }
                }
            }
        }
        long bytes = 0;
        for (long size : largest) {
            bytes += size;
        }
        return bytes;
    }

    @Override
    public void close() {
        internals.close();
    }
}
