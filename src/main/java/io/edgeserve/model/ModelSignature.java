package io.edgeserve.model;

import java.util.List;

/**
 * What a loaded model takes and gives: the inputs clients send (training label inputs such as
 * {@code softmax_label} are never among them: the engine fills those itself), the outputs' names in the
 * graph's order, and class labels where the model has them.
 */
public record ModelSignature(List<TensorSpec> inputs, List<String> labelInputs, List<String> outputs, List<String> classLabels) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        labelInputs = List.copyOf(labelInputs);
        outputs = List.copyOf(outputs);
        classLabels = List.copyOf(classLabels);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the model has no input");
        }
    }

    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    /** True where every input's example shape is known and fixed, so that a warm-up batch can be made up. */
    public boolean shapesKnown() {
        return inputs.stream().allMatch(input -> input.rowShape() != null);
    }
}
