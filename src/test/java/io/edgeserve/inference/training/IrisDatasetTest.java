package io.edgeserve.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IrisDatasetTest {

    @Test
    void load_gives150RowsFiftyPerSpeciesInCsvOrder() {
        IrisDataset iris = IrisDataset.load();

        assertThat(iris.size()).isEqualTo(150);
        assertThat(Arrays.stream(iris.labels()).filter(label -> label == 1).count()).isEqualTo(50);
        assertThat(iris.features()[0]).containsExactly(5.1f, 3.5f, 1.4f, 0.2f);
        assertThat(iris.features()[86]).containsExactly(6.7f, 3.1f, 4.7f, 1.5f);
        assertThat(iris.labels()[86]).isEqualTo(1);
        assertThat(iris.features()[100]).containsExactly(6.3f, 3.3f, 6.0f, 2.5f);
        assertThat(iris.labels()[100]).isEqualTo(2);
    }

    @Test
    void stratifiedSplit_holdsOutTenOfEachSpeciesDisjointlyAndRepeatably() {
        IrisDataset iris = IrisDataset.load();

        IrisDataset.Split split = iris.stratifiedSplit(10, 7);

        assertThat(split.train().size()).isEqualTo(120);
        assertThat(split.test().labels()).containsOnly(0, 1, 2);
        for (int species = 0; species < 3; species++) {
            int s = species;
            assertThat(Arrays.stream(split.test().labels()).filter(label -> label == s).count()).isEqualTo(10);
        }
        assertThat(rowsOf(split.train()).plus(rowsOf(split.test()))).isEqualTo(rowsOf(iris));
        assertThat(iris.stratifiedSplit(10, 7).test().features()).isDeepEqualTo(split.test().features());
    }

    @Test
    void parse_refusesUnknownSpeciesAndMissingHeader() {
        String header = "sepal_length,sepal_width,petal_length,petal_width,species\n";
        assertThatThrownBy(() -> IrisDataset.parse(reader(header + "1,2,3,4,rose\n")))
                .hasMessageContaining("bad iris CSV line 2");
        assertThatThrownBy(() -> IrisDataset.parse(reader("1,2,3,4,setosa\n"))).hasMessageContaining("header");
    }

    /** The rows as a multiset (Iris has duplicate flowers), so a split must be a partition of it. */
    private static Bag rowsOf(IrisDataset data) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            counts.merge(Arrays.toString(data.features()[i]) + data.labels()[i], 1, Integer::sum);
        }
        return new Bag(counts);
    }

    private record Bag(Map<String, Integer> counts) {
        Bag plus(Bag other) {
            Map<String, Integer> sum = new TreeMap<>(counts);
            other.counts.forEach((row, count) -> sum.merge(row, count, Integer::sum));
            return new Bag(sum);
        }
    }

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }
}
