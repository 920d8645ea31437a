package io.edgeserve.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains once on the fixed split, as {@link IrisTrainer#main} does, and checks the model and its export. */
class IrisTrainerTest {

    private static final Path COMMITTED = Path.of("models/iris");

    @TempDir
    static Path exported;

    private static IrisDataset iris;
    private static IrisDataset.Split split;
    private static TrainedIris trained;

    @BeforeAll
    static void trainAndExport() throws Exception {
        iris = IrisDataset.load();
        split = iris.stratifiedSplit(IrisTrainer.TEST_PER_SPECIES, IrisTrainer.SEED);
        trained = new IrisTrainer().train(split.train());
        IrisModelFolder.write(exported, trained.exportParams());
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void training_reachesAtLeast93PercentOnTheHeldOutRows() {
        assertThat(split.test().size()).isEqualTo(30);
        assertThat(trained.accuracy(split.test())).isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void exportedFolder_answersLikeTheTrainedNetworkOnAll150Rows() throws Exception {
        float[][] expected = trained.probabilities(iris.features());

        float[][] served = ServedIris.probabilities(exported, iris.features());

        for (int row = 0; row < iris.size(); row++) {
            assertThat(TrainedIris.argmax(served[row])).as("row %d", row).isEqualTo(TrainedIris.argmax(expected[row]));
            for (int species = 0; species < 3; species++) {
                assertThat(served[row][species]).as("row %d species %d", row, species)
                        .isCloseTo(expected[row][species], within(1e-5f));
            }
        }
    }

    @Test
    void committedFolder_isWhatTheTrainerWritesNow() throws Exception {
        for (String file : new String[] {IrisModelFolder.SYMBOL_FILE, IrisModelFolder.LABELS_FILE,
                IrisModelFolder.MANIFEST_FILE}) {
            assertThat(COMMITTED.resolve(file)).as(file).hasSameBinaryContentAs(exported.resolve(file));
        }
        Map<String, Tensor> committed = MxnetParams.read(COMMITTED.resolve(IrisModelFolder.PARAMS_FILE));
        Map<String, Tensor> fresh = MxnetParams.read(exported.resolve(IrisModelFolder.PARAMS_FILE));
        assertThat(committed.keySet()).containsExactlyElementsOf(fresh.keySet());
        // Identical bytes on the machine that trained it; another CPU's MXNet kernels may differ in the last bits,
        // while any change of data, seed or settings moves the weights by far more than this.
        fresh.forEach((key, tensor) -> {
            assertThat(committed.get(key).shape()).as(key).isEqualTo(tensor.shape());
            float[] expected = tensor.toFloatArray();
            float[] actual = committed.get(key).toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s[%d]", key, i).isCloseTo(expected[i], within(1e-4f));
            }
        });
        assertThat(Files.size(COMMITTED.resolve(IrisModelFolder.PARAMS_FILE)))
                .isEqualTo(Files.size(exported.resolve(IrisModelFolder.PARAMS_FILE)));
    }
}
