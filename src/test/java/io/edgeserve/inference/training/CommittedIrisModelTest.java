package io.edgeserve.inference.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The committed {@code models/iris/} as a client meets it, without training anything. */
class CommittedIrisModelTest {

    private static final Path FOLDER = Path.of("models/iris");

    private static IrisDataset iris;
    private static float[][] served;

    @BeforeAll
    static void serveEveryRow() throws Exception {
        iris = IrisDataset.load();
        served = ServedIris.probabilities(FOLDER, iris.features());
    }

    @Test
    void classifiesAtLeast93PercentOfAllRowsAndOfTheHeldOutRows() throws Exception {
        IrisDataset test = iris.stratifiedSplit(IrisTrainer.TEST_PER_SPECIES, IrisTrainer.SEED).test();

        assertThat(ServedIris.accuracy(served, iris.labels())).isGreaterThanOrEqualTo(0.93);
        assertThat(ServedIris.accuracy(ServedIris.probabilities(FOLDER, test.features()), test.labels()))
                .isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void answersTheTextbookFlowersConfidently() throws Exception {
        float[][] rows = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.7f, 3.1f, 4.7f, 1.5f}, {6.3f, 3.3f, 6.0f, 2.5f}};

        float[][] probabilities = ServedIris.probabilities(FOLDER, rows);

        for (int species = 0; species < 3; species++) {
            assertThat(TrainedIris.argmax(probabilities[species])).isEqualTo(species);
            assertThat(probabilities[species][species]).isGreaterThan(0.9f);
            assertThat(probabilities[species][0] + probabilities[species][1] + probabilities[species][2])
                    .isBetween(0.9999f, 1.0001f);
        }
    }

    @Test
    void labelsAndManifestDescribeTheGraph() throws Exception {
        assertThat(Files.readAllLines(FOLDER.resolve("synset.txt")))
                .containsExactly("setosa", "versicolor", "virginica");

        JsonNode manifest = JsonMapper.builder().build().readTree(FOLDER.resolve("edgeserve.json").toFile());

        assertThat(manifest.propertyNames()).containsExactly("prefix", "epoch", "description", "inputs", "outputs",
                "labels");
        assertThat(manifest.get("prefix").asString()).isEqualTo("iris");
        assertThat(Files.exists(FOLDER.resolve("iris-symbol.json"))).isTrue();
        assertThat(Files.exists(FOLDER.resolve("iris-0000.params"))).isTrue();
        assertThat(manifest.get("inputs").toString())
                .isEqualTo("[{\"name\":\"data\",\"shape\":[-1,4],\"dtype\":\"float32\"}]");
        assertThat(manifest.get("outputs").toString()).isEqualTo("[{\"name\":\"softmax\"}]");
        assertThat(manifest.get("labels").asString()).isEqualTo("synset.txt");
    }
}
