package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputBindingTest {

    private static final ModelSignature LINREG = new ModelSignature(
            List.of(new TensorSpec("data", List.of(1L, 2L), null)), List.of("lin_reg_label"), List.of("lro_output"), List.of());
    private static final ModelSignature TWO_INPUTS = new ModelSignature(
            List.of(new TensorSpec("a", List.of(-1L, 2L), null), new TensorSpec("b", List.of(-1L, 1L), "int64")),
            List.of(), List.of("out_output"), List.of());

    @Test
    void matchingShape_isBoundAsSent() {
        Tensor rows = Tensor.ofFloats(Shape.of(3, 2), 1, 2, 0, 0, 3, -1);

        List<Tensor> bound = InputBinding.bindPositional(LINREG, List.of(rows), false);

        assertThat(bound).containsExactly(rows);
    }

    @Test
    void wrongShape_namesExpectedAndReceived() {
        Tensor wrong = Tensor.ofFloats(Shape.of(1, 3), 1, 2, 3);

        assertThatThrownBy(() -> InputBinding.bindPositional(LINREG, List.of(wrong), false))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.SHAPE_MISMATCH);
                    assertThat(e.properties()).containsEntry("expectedShape", "(N, 2)").containsEntry("receivedShape", "(1, 3)");
                })
                .hasMessageContaining("input 'data' expects shape (N, 2), received (1, 3)");
    }

    @Test
    void csvRows_areReshapedToTheModelsExampleShape() {
        ModelSignature mnist = new ModelSignature(List.of(new TensorSpec("data", List.of(100L, 1L, 28L, 28L), null)),
                List.of(), List.of("softmax_output"), List.of());
        Tensor flat = Tensor.ofFloats(Shape.of(2, 784), new float[2 * 784]);

        List<Tensor> bound = InputBinding.bindPositional(mnist, List.of(flat), true);

        assertThat(bound.getFirst().shape()).isEqualTo(Shape.of(2, 1, 28, 28));
    }

    @Test
    void exampleInAnotherLayout_isReshapedKeepingItsRows() {
        ModelSignature mnist = new ModelSignature(List.of(new TensorSpec("data", List.of(100L, 1L, 28L, 28L), null)),
                List.of(), List.of("softmax_output"), List.of());
        Tensor image = Tensor.ofFloats(Shape.of(1, 28, 28), new float[784]);

        List<Tensor> bound = InputBinding.bindPositional(mnist, List.of(image), false);

        assertThat(bound.getFirst().shape()).isEqualTo(Shape.of(1, 1, 28, 28));
    }

    @Test
    void rowsOfTheWrongSize_areNotReshapedIntoOtherRows() {
        Tensor fourValues = Tensor.ofFloats(Shape.of(1, 4), 1, 2, 3, 4);

        assertThatThrownBy(() -> InputBinding.bindPositional(LINREG, List.of(fourValues), false))
                .hasMessageContaining("expects shape (N, 2), received (1, 4)");
    }

    @Test
    void csvRowsThatMakeNoWholeExample_areRefused() {
        Tensor flat = Tensor.ofFloats(Shape.of(1, 3), 1, 2, 3);

        assertThatThrownBy(() -> InputBinding.bindPositional(LINREG, List.of(flat), true))
                .hasMessageContaining("3 values do not make whole examples of 2 values");
    }

    @Test
    void namedInputs_areOrderedAndConvertedToTheirType() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("b", Tensor.ofFloats(Shape.of(2, 1), 7, 8));
        named.put("a", Tensor.ofFloats(Shape.of(2, 2), 1, 2, 3, 4));

        List<Tensor> bound = InputBinding.bindNamed(TWO_INPUTS, named);

        assertThat(bound.get(0).shape()).isEqualTo(Shape.of(2, 2));
        assertThat(bound.get(1).dataType()).isEqualTo(DataType.INT64);
        assertThat(bound.get(1).getDouble(1)).isEqualTo(8.0);
    }

    @Test
    void unknownInputName_isRefusedListingTheInputs() {
        Map<String, Tensor> named = Map.of("c", Tensor.ofFloats(Shape.of(1, 1), 1));

        assertThatThrownBy(() -> InputBinding.bindNamed(TWO_INPUTS, named))
                .hasMessage("unknown input [c]; the model takes [a, b]");
    }

    @Test
    void oneArrayForTwoInputs_asksForAnObject() {
        assertThatThrownBy(() -> InputBinding.bindPositional(TWO_INPUTS, List.of(Tensor.ofFloats(Shape.of(1, 2), 1, 2)), false))
                .hasMessageContaining("send a JSON object keyed by input name");
    }

    @Test
    void inputsWithDifferentRowCounts_areRefused() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("a", Tensor.ofFloats(Shape.of(2, 2), 1, 2, 3, 4));
        named.put("b", Tensor.ofFloats(Shape.of(1, 1), 7));

        assertThatThrownBy(() -> InputBinding.bindNamed(TWO_INPUTS, named))
                .hasMessage("input 'b' has 1 rows but 'a' has 2");
    }

    @Test
    void scalar_isNotABatch() {
        assertThatThrownBy(() -> InputBinding.bindPositional(LINREG, List.of(Tensor.ofFloats(Shape.of(), 1)), false))
                .hasMessageContaining("a single number is not a batch of examples");
    }
}
