package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model keeps executors for at most its cap of distinct input shapes, and answers rightly after an eviction. */
class ShapeCapTest {

    @Test
    void distinctShapesBeyondTheCap_evictTheLeastRecentlyUsed_andAnswersStayRight() throws Exception {
        SharedModels.assumePresent();
        try (InferenceModel resnet = new MxnetModelLoader(1, 2).load(ModelFolder.read("cifar-resnet20-v1",
                        SharedModels.model("cifar-resnet20-v1"), ModelManifest.EMPTY));
                BatchRunner<List<Tensor>, List<Tensor>> runner = resnet.newRunner()) {
            long idleBytes = resnet.memoryBytes();
            float[] first = runner.run(List.of(UndeclaredShapesTest.digit(1, 3, 32, 32))).getFirst().toFloatArray();
            runner.run(List.of(UndeclaredShapesTest.digit(1, 3, 32, 40)));
            assertThat(resnet.cachedShapes()).isEqualTo(2);
            long twoShapesBytes = resnet.memoryBytes();
            assertThat(twoShapesBytes).isGreaterThan(idleBytes);

            runner.run(List.of(UndeclaredShapesTest.digit(1, 3, 40, 32)));
            assertThat(resnet.cachedShapes()).isEqualTo(2);
            assertThat(resnet.shapeEvictions()).isEqualTo(1);

            float[] again = runner.run(List.of(UndeclaredShapesTest.digit(1, 3, 32, 32))).getFirst().toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(resnet.shapeEvictions()).isEqualTo(2);
            assertThat(resnet.cachedShapes()).isEqualTo(2);
        }
    }

    @Test
    void aBatchOfAnotherSize_isAnotherShape() throws Exception {
        SharedModels.assumePresent();
        try (InferenceModel lenet = new MxnetModelLoader(1, 8).load(ModelFolder.read("mnist-lenet",
                        SharedModels.model("mnist-lenet"), ModelManifest.EMPTY));
                BatchRunner<List<Tensor>, List<Tensor>> runner = lenet.newRunner()) {
            runner.run(List.of(UndeclaredShapesTest.digit(1, 1, 28, 28)));
            runner.run(List.of(UndeclaredShapesTest.digit(1, 1, 28, 28)));
            runner.run(List.of(UndeclaredShapesTest.digit(3, 1, 28, 28)));
            assertThat(lenet.cachedShapes()).isEqualTo(2);
            assertThat(lenet.shapeEvictions()).isZero();
        }
    }
}
