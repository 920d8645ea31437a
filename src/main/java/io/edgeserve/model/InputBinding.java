package io.edgeserve.model;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fits decoded request arrays to a model's inputs: orders them by input name, converts them to the
 * input's element type and checks their shapes, so that what reaches the engine is what it takes and a
 * client that sent something else hears exactly what was expected.
 *
 * <p>An example with the right number of values in another layout is reshaped to the model's, as MXNet's
 * Module does in SageMaker's container (its MNIST test sends {@code (1, 28, 28)} to a {@code (N, 1, 28, 28)}
 * input); the number of rows is never changed. CSV rows, which carry no shape, are reshaped to
 * {@code (-1,) + shape[1:]}, as the SageMaker MXNet container does.
 */
public final class InputBinding {

    private InputBinding() {}

    /** Binds unnamed arrays to the inputs in order. */
    public static List<Tensor> bindPositional(ModelSignature signature, List<Tensor> arrays, boolean flatRows) {
        List<TensorSpec> inputs = signature.inputs();
        if (arrays.size() != inputs.size()) {
            throw new ProblemException(ProblemType.SHAPE_MISMATCH, inputs.size() == 1
                    ? "the model takes one input, '" + inputs.getFirst().name() + "', but the request holds "
                            + arrays.size() + " arrays"
                    : "the model takes " + inputs.size() + " inputs " + signature.inputNames()
                            + ": send a JSON object keyed by input name");
        }
        List<Tensor> bound = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            bound.add(fit(inputs.get(i), arrays.get(i), flatRows));
        }
        return checkRowsAgree(signature, bound);
    }

    /** Binds arrays keyed by input name; every input must be present and no other name. */
    public static List<Tensor> bindNamed(ModelSignature signature, Map<String, Tensor> arrays) {
        TreeSet<String> unknown = new TreeSet<>(arrays.keySet());
        signature.inputNames().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ProblemException(ProblemType.SHAPE_MISMATCH, "unknown input " + unknown
                    + "; the model takes " + signature.inputNames());
        }
        List<Tensor> bound = new ArrayList<>();
        for (TensorSpec input : signature.inputs()) {
            Tensor array = arrays.get(input.name());
            if (array == null) {
                throw new ProblemException(ProblemType.SHAPE_MISMATCH, "input '" + input.name()
                        + "' is missing; the model takes " + signature.inputNames());
            }
            bound.add(fit(input, array, false));
        }
        return checkRowsAgree(signature, bound);
    }

    private static Tensor fit(TensorSpec input, Tensor array, boolean flatRows) {
        Tensor typed = array.cast(input.dataType());
        Shape rowShape = input.rowShape();
        Shape received = typed.shape();
        if (received.rank() == 0) {
            throw mismatch(input, received, "a single number is not a batch of examples");
        }
        if (received.rows() == 0) {
            throw mismatch(input, received, "the request holds no example");
        }
        if (input.hasFreeAxes()) {
            // A free axis keeps the request's own size, so nothing is reshaped: the example must fit as it is.
            String misfit = input.misfit(received.rowShape());
            if (misfit != null) {
                throw mismatch(input, received, misfit);
            }
            return typed;
        }
        if (rowShape == null || received.rowShape().equals(rowShape)) {
            return typed;
        }
        long rowSize = rowShape.size();
        if (!flatRows && received.rowSize() == rowSize) {
            return typed.reshape(Shape.ofRows(received.rows(), rowShape));
        }
        if (flatRows && rowSize > 0 && typed.size() % rowSize == 0) {
            return typed.reshape(Shape.ofRows(typed.size() / rowSize, rowShape));
        }
        throw mismatch(input, received, flatRows
                ? typed.size() + " values do not make whole examples of " + rowSize + " values"
                : "each example must have " + rowSize + " values, laid out as " + rowShape);
    }

    private static List<Tensor> checkRowsAgree(ModelSignature signature, List<Tensor> bound) {
        long rows = bound.getFirst().shape().rows();
        for (int i = 1; i < bound.size(); i++) {
            if (bound.get(i).shape().rows() != rows) {
                throw new ProblemException(ProblemType.SHAPE_MISMATCH, "input '" + signature.inputs().get(i).name()
                        + "' has " + bound.get(i).shape().rows() + " rows but '" + signature.inputs().getFirst().name()
                        + "' has " + rows);
            }
        }
        return List.copyOf(bound);
    }

    private static ProblemException mismatch(TensorSpec input, Shape received, String why) {
        String expected = input.hasFreeAxes() ? input.shapeText() : batchShapeText(input.rowShape());
        return new ProblemException(ProblemType.SHAPE_MISMATCH, "input '" + input.name() + "' expects shape "
                + expected + ", received " + received + ": " + why)
                .with("input", input.name())
                .with("expectedShape", expected)
                .with("receivedShape", received.toString());
    }

    /** {@code (N, 3, 32, 32)}: how an input's shape reads with its batch dimension left open. */
    static String batchShapeText(Shape rowShape) {
        if (rowShape == null) {
            return "any";
        }
        StringBuilder text = new StringBuilder("(N");
        for (long dim : rowShape.dims()) {
            text.append(", ").append(dim);
        }
        return text.append(rowShape.rank() == 0 ? ",)" : ")").toString();
    }
}
