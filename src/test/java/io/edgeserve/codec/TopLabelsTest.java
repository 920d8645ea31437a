package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.codec.TopLabels.Label;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopLabelsTest {

    private static final List<String> LABELS = List.of("cat", "dog", "bird");

    @Test
    void probabilities_areRankedMostProbableFirst() {
        List<List<Label>> top = TopLabels.of(Tensor.ofFloats(Shape.of(1, 3), 0.2f, 0.7f, 0.1f), LABELS, false, 2);

        assertThat(top).containsExactly(List.of(new Label("dog", 0.7f), new Label("cat", 0.2f)));
    }

    @Test
    void logits_goThroughSoftmax() {
        List<List<Label>> top = TopLabels.of(Tensor.ofFloats(Shape.of(1, 3), 1f, 2f, 3f), LABELS, true, 3);

        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(top.getFirst()).extracting(Label::label).containsExactly("bird", "dog", "cat");
        assertThat(top.getFirst().get(0).probability()).isCloseTo((float) (Math.exp(3) / sum), within(1e-7f));
        assertThat(top.getFirst().get(2).probability()).isCloseTo((float) (Math.exp(1) / sum), within(1e-7f));
    }

    @Test
    void hugeLogits_doNotOverflow() {
        List<List<Label>> top = TopLabels.of(Tensor.ofFloats(Shape.of(1, 3), 1000f, 999f, -1000f), LABELS, true, 1);

        assertThat(top.getFirst().getFirst().probability()).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
    }

    @Test
    void equalProbabilities_keepClassOrder() {
        List<List<Label>> top = TopLabels.of(Tensor.ofFloats(Shape.of(1, 3), 0.25f, 0.5f, 0.25f), LABELS, false, 3);

        assertThat(top.getFirst()).extracting(Label::label).containsExactly("dog", "cat", "bird");
    }

    @Test
    void eachRow_isOnePicture() {
        List<List<Label>> top = TopLabels.of(Tensor.ofFloats(Shape.of(2, 3), 1, 0, 0, 0, 0, 1), LABELS, false, 1);

        assertThat(top).extracting(labels -> labels.getFirst().label()).containsExactly("cat", "bird");
    }

    @Test
    void scoresThatDoNotMatchTheLabels_areRefused() {
        assertThatThrownBy(() -> TopLabels.of(Tensor.ofFloats(Shape.of(1, 2), 1, 0), LABELS, false, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model's output has shape (1, 2), not one score for each of its 3 labels");
    }

    @Test
    void onePicture_isAnsweredWithItsLabels() throws IOException {
        assertThat(json(List.of(List.of(new Label("cat", 0.5f))), false))
                .isEqualTo("{\"predictions\":[{\"label\":\"cat\",\"probability\":0.5}]}");
    }

    @Test
    void aListOfPictures_isAnsweredWithAListPerPicture() throws IOException {
        assertThat(json(List.of(List.of(new Label("cat", 0.5f)), List.of(new Label("dog", 0.25f))), true))
                .isEqualTo("{\"predictions\":[[{\"label\":\"cat\",\"probability\":0.5}],"
                        + "[{\"label\":\"dog\",\"probability\":0.25}]]}");
    }

    private static String json(List<List<Label>> answers, boolean listed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TopLabels.writeJson(answers, listed, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
