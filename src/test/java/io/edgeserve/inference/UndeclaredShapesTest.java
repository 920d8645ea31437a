package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.mxnet.engine.MxSymbolBlock;
import io.edgeserve.SharedModels;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared LeNet declares no shapes: MXNet's shape inference over its graph decides, before the engine runs,
 * which shapes it takes, and a worker that the engine refused is as good as new.
 */
class UndeclaredShapesTest {

    private static InferenceModel lenet;

    @BeforeAll
    static void load() {
        SharedModels.assumePresent();
        lenet = new MxnetModelLoader(1, 4).load(
                ModelFolder.read("mnist-lenet", SharedModels.model("mnist-lenet"), ModelManifest.EMPTY));
    }

    @AfterAll
    static void close() {
        if (lenet != null) {
            lenet.close();
        }
    }

    @Test
    void smallerPicture_isRefusedBeforeTheEngine_namingInputShapeAndReason() {
        assertThatThrownBy(() -> lenet.checkShapes(List.of(digit(1, 1, 20, 20))))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.type()).isEqualTo(ProblemType.SHAPE_MISMATCH);
                    assertThat(problem.getMessage()).contains("input 'data'", "(1, 1, 20, 20)", "(500, 800)")
                            .doesNotContain(".cc", "Stack trace", "MXNet engine call failed");
                    assertThat(problem.properties()).containsEntry("input", "data")
                            .containsEntry("receivedShape", "(1, 1, 20, 20)");
                });
    }

    @Test
    void threeChannels_isRefusedBeforeTheEngine() {
        assertThatThrownBy(() -> lenet.checkShapes(List.of(digit(1, 3, 28, 28))))
                .isInstanceOfSatisfying(ProblemException.class, problem ->
                        assertThat(problem.getMessage()).contains("(1, 3, 28, 28)", "layer"));
    }

    @Test
    void theShapeItWasTrainedOn_passes() {
        lenet.checkShapes(List.of(digit(1, 1, 28, 28)));
        lenet.checkShapes(List.of(digit(5, 1, 28, 28)));
    }

    @Test
    void workerRefusedTwiceByTheEngine_answersTheNextRequestRightly() throws Exception {
        // A runner that lets every shape through to the engine, so that MXNet itself refuses the wrong one.
        Model model = Model.newInstance("lenet-unchecked", Device.cpu(), "MXNet");
        model.load(SharedModels.model("mnist-lenet"), "mnist-lenet-0", Map.of("epoch", "10"));
        ExecutorShapes everyShape = new ExecutorShapes(lenet.signature(),
                new GraphShapes((MxSymbolBlock) model.getBlock()), 4) {
            @Override
            void admit(List<Tensor> inputs) {}
        };
        try (model; everyShape; PredictorRunner runner = new PredictorRunner(model, lenet.signature(), everyShape)) {
            float[] before = runner.run(List.of(digit(1, 1, 28, 28))).getFirst().toFloatArray();
            for (int i = 0; i < 2; i++) { // the second refusal is the one that used to read "Cannot find attribute shape"
                assertThatThrownBy(() -> runner.run(List.of(digit(1, 1, 20, 20))))
                        .isInstanceOfSatisfying(ProblemException.class, problem -> {
                            assertThat(problem.type()).isEqualTo(ProblemType.SHAPE_MISMATCH);
                            assertThat(problem.getMessage()).contains("(1, 1, 20, 20)")
                                    .doesNotContain("Cannot find attribute", ".cc");
                        });
            }
            float[] after = runner.run(List.of(digit(1, 1, 28, 28))).getFirst().toFloatArray();
            assertThat(after).containsExactly(before);
        }
    }

    /** A made-up picture of the given shape: the same values for the same shape, so that answers can be compared. */
    static Tensor digit(long... shape) {
        int values = Math.toIntExact(Shape.of(shape).size());
        ByteBuffer data = ByteBuffer.allocate(values * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values; i++) {
            data.putFloat(((i * 7) % 256) / 255f);
        }
        return new Tensor(DataType.FLOAT32, Shape.of(shape), data.flip());
    }
}
