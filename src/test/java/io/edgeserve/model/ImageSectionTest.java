package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.SharedModels;
import io.edgeserve.model.ImageSpec.Channels;
import io.edgeserve.model.ImageSpec.Layout;
import io.edgeserve.model.ImageSpec.PixelRange;
import io.edgeserve.model.ImageSpec.Resize;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ImageSectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void fullSection_isRead() {
        ModelManifest manifest = parse("""
                {"image": {"layout": "NHWC", "size": [224, 200], "channels": "BGR", "resize": "center-crop",
                           "range": "0-255", "mean": [103.9, 116.8, 123.7], "std": [57.4, 57.1, 58.4]},
                 "scores": "logits"}
                """);

        assertThat(manifest.image()).isEqualTo(new ImageSpec(Layout.NHWC, 224, 200, Channels.BGR, Resize.CENTER_CROP,
                PixelRange.BYTE, List.of(103.9, 116.8, 123.7), List.of(57.4, 57.1, 58.4)));
        assertThat(manifest.image().exampleShape()).containsExactly(224L, 200L, 3L);
        assertThat(manifest.scoresAreLogits()).isTrue();
    }

    @Test
    void emptySection_takesTheDefaultsAndTheSizeFromTheInput() {
        ModelManifest manifest = parse("""
                {"inputs": [{"name": "data", "shape": [-1, 3, 32, 28]}], "image": {}}
                """);

        assertThat(manifest.image()).isEqualTo(new ImageSpec(Layout.NCHW, 32, 28, Channels.RGB, Resize.EXACT,
                PixelRange.UNIT, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)));
        assertThat(manifest.scoresAreLogits()).isFalse();
    }

    @Test
    void nhwcInput_givesItsSize() {
        ModelManifest manifest = parse("""
                {"inputs": [{"name": "data", "shape": [-1, 64, 48, 1]}], "image": {"layout": "NHWC", "channels": "L"}}
                """);

        assertThat(manifest.image().height()).isEqualTo(64);
        assertThat(manifest.image().width()).isEqualTo(48);
    }

    @Test
    void flatInputOfTheRightSize_isAccepted() {
        ModelManifest manifest = parse("""
                {"inputs": [{"name": "data", "shape": [-1, 784]}], "image": {"size": [28, 28], "channels": "L"}}
                """);

        assertThat(manifest.image().exampleShape()).containsExactly(1L, 28L, 28L);
    }

    @Test
    void noSizeAndNoInputShape_isRefused() {
        assertThatThrownBy(() -> parse("{\"image\": {\"channels\": \"RGB\"}}"))
                .hasMessageContaining("\"image.size\" ([height, width]) is needed");
    }

    @Test
    void channelsThatContradictTheInput_areRefused() {
        assertThatThrownBy(() -> parse("""
                {"inputs": [{"name": "data", "shape": [-1, 1, 28, 28]}], "image": {"channels": "RGB"}}
                """)).hasMessage("\"image\" makes pictures of shape [3, 28, 28] (NCHW, RGB, 28x28) but input "
                + "'data' has shape [-1, 1, 28, 28]");
    }

    @Test
    void sizeThatContradictsTheInput_isRefused() {
        assertThatThrownBy(() -> parse("""
                {"inputs": [{"name": "data", "shape": [-1, 3, 32, 32]}], "image": {"size": [28, 28]}}
                """)).hasMessageContaining("makes pictures of shape [3, 28, 28]");
    }

    @Test
    void severalInputs_areRefused() {
        assertThatThrownBy(() -> parse("""
                {"inputs": [{"name": "a", "shape": [-1, 3, 8, 8]}, {"name": "b", "shape": [-1, 2]}], "image": {}}
                """)).hasMessage("\"image\" needs a model with one input; \"inputs\" lists 2");
    }

    @Test
    void oneMeanForThreeChannels_isRefused() {
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"mean\": [0.5]}}"))
                .hasMessage("\"image.mean\" needs 3 values for channels RGB, has 1");
    }

    @Test
    void zeroStd_isRefused() {
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"channels\": \"L\", \"std\": [0]}}"))
                .hasMessageContaining("\"image.std\" must hold finite, non-zero numbers");
    }

    @Test
    void unknownImageField_isRefusedByItsFullName() {
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"colour\": \"RGB\"}}"))
                .hasMessageStartingWith("unknown field \"image.colour\"; known fields are [channels, layout, mean, "
                        + "range, resize, size, std]");
    }

    @Test
    void unknownValues_areRefusedWithTheChoices() {
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"resize\": \"crop\"}}"))
                .hasMessage("\"image.resize\" must be \"exact\" or \"center-crop\", was \"crop\"");
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"layout\": \"CHW\"}}"))
                .hasMessage("\"image.layout\" must be \"NCHW\" or \"NHWC\", was \"CHW\"");
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [8, 8], \"range\": \"0-255.0\"}}"))
                .hasMessage("\"image.range\" must be \"0-1\" or \"0-255\", was \"0-255.0\"");
        assertThatThrownBy(() -> parse("{\"scores\": \"softmax\"}"))
                .hasMessage("\"scores\" must be \"logits\" or \"probabilities\"");
    }

    @Test
    void absurdSize_isRefused() {
        assertThatThrownBy(() -> parse("{\"image\": {\"size\": [100000, 8]}}"))
                .hasMessage("\"image.size\" must be [height, width], each 1 to 8192, was [100000, 8]");
    }

    @Test
    void theProjectsManifestsForTheSharedModels_describeTheirPictures() {
        ModelManifest cifar = ManifestReader.read(SharedModels.MANIFESTS.resolve("cifar-resnet20-v1.json"));
        ModelManifest lenet = ManifestReader.read(SharedModels.MANIFESTS.resolve("mnist-lenet.json"));

        assertThat(cifar.image()).isEqualTo(new ImageSpec(Layout.NCHW, 32, 32, Channels.RGB, Resize.CENTER_CROP,
                PixelRange.UNIT, List.of(0.4914, 0.4822, 0.4465), List.of(0.2023, 0.1994, 0.2010)));
        assertThat(cifar.scoresAreLogits()).isTrue();
        assertThat(lenet.image().exampleShape()).containsExactly(1L, 28L, 28L);
        assertThat(lenet.image().channels()).isEqualTo(Channels.L);
        assertThat(lenet.scoresAreLogits()).isFalse();
    }

    private static ModelManifest parse(String json) {
        return ManifestReader.parse(JSON.readTree(json));
    }
}
