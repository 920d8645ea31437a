package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    @Test
    void fullManifest_isRead() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), """
                {"prefix": "iris", "epoch": 0, "description": "flowers",
                 "inputs": [{"name": "data", "shape": [-1, 4], "dtype": "float32"}],
                 "outputs": [{"name": "softmax"}], "labels": ["setosa", "versicolor", "virginica"]}
                """);

        ModelManifest manifest = new ManifestReader(null).manifestFor("iris", dir);

        assertThat(manifest.prefix()).isEqualTo("iris");
        assertThat(manifest.inputs()).containsExactly(new TensorSpec("data", List.of(-1L, 4L), "float32"));
        assertThat(manifest.inputs().getFirst().rowShape()).hasToString("(4,)");
        assertThat(ManifestReader.classLabels(dir, manifest)).containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void externalManifest_winsOverTheFolders() throws IOException {
        Path external = Files.createDirectory(dir.resolve("manifests"));
        Path model = Files.createDirectory(dir.resolve("model"));
        Files.writeString(model.resolve("edgeserve.json"), "{\"epoch\": 1}");
        Files.writeString(external.resolve("lenet.json"), "{\"epoch\": 10}");

        assertThat(new ManifestReader(external).manifestFor("lenet", model).epoch()).isEqualTo(10);
        assertThat(new ManifestReader(external).manifestFor("other", model).epoch()).isEqualTo(1);
    }

    @Test
    void unknownField_isRefusedByName() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), "{\"epoc\": 3}");

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("edgeserve.json: unknown field \"epoc\"");
    }

    @Test
    void dimensionOfZeroOrBelowMinusOne_isRefused() { // -1 is a free axis (FreeAxesTest)
        assertThatThrownBy(() -> new TensorSpec("data", List.of(-1L, 0L), null))
                .hasMessageContaining("a dimension is a size of 1 or more, or -1 for any size");
        assertThatThrownBy(() -> new TensorSpec("data", List.of(-1L, -2L), null))
                .hasMessageContaining("a dimension is a size of 1 or more, or -1 for any size");
    }

    @Test
    void sageMakerShapesFile_givesInputNamesAndShapes() throws IOException {
        Files.writeString(dir.resolve("model-shapes.json"), "[{\"shape\": [1, 2], \"name\": \"data\"}]");

        List<TensorSpec> shapes = ManifestReader.readShapes(dir, "model").orElseThrow();

        assertThat(shapes).containsExactly(new TensorSpec("data", List.of(1L, 2L), null));
    }

    @Test
    void synsetFile_isReadWhenPresent() throws IOException {
        Files.writeString(dir.resolve("synset.txt"), "zero\none\n\n");

        assertThat(ManifestReader.classLabels(dir, ModelManifest.EMPTY)).containsExactly("zero", "one");
    }

    @Test
    void labelsFileOutsideTheFolder_isRefused() {
        ModelManifest manifest = new ModelManifest(null, null, null, null, null, new ModelManifest.Labels("../secret", null));

        assertThatThrownBy(() -> ManifestReader.classLabels(dir, manifest))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("inside the model folder");
    }

    @Test
    void batchingOverrides_areRead() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), """
                {"batching": {"maxBatchSize": 8, "maxDelay": "5ms", "preferredBatchSizes": [4, 8], "workers": 1}}
                """);

        ModelManifest.BatchingOverrides batching = new ManifestReader(null).manifestFor("m", dir).batching();

        assertThat(batching.maxBatchSize()).isEqualTo(8);
        assertThat(batching.maxDelay()).isEqualTo(java.time.Duration.ofMillis(5));
        assertThat(batching.preferredBatchSizes()).containsExactly(4, 8);
        assertThat(batching.queueCapacity()).isNull();
    }

    @Test
    void badBatchingDuration_isRefusedByName() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), "{\"batching\": {\"maxDelay\": \"soon\"}}");

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("\"batching.maxDelay\" must be a duration");
    }

    @Test
    void captureOverrides_areRead() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), """
                {"capture": {"enabled": true, "samplingPercentage": 12.5, "mode": "input", "maxBodySize": "64KB"}}
                """);

        ModelManifest.CaptureOverrides capture = new ManifestReader(null).manifestFor("m", dir).capture();

        assertThat(capture).isEqualTo(new ModelManifest.CaptureOverrides(true, 12.5, "input",
                org.springframework.util.unit.DataSize.ofKilobytes(64)));
    }

    @Test
    void captureSamplingOver100_isRefusedByName() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), "{\"capture\": {\"samplingPercentage\": 150}}");

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("\"capture.samplingPercentage\" must be within 0 and 100");
    }

    @Test
    void preferredBatchSizeBeyondAnInt_isRefusedByName() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), "{\"batching\": {\"preferredBatchSizes\": [4, 4294967296]}}");

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("\"batching.preferredBatchSizes\" must be a list of whole numbers below 2^31");
    }

    @Test
    void shapeDimensionBeyondALong_isRefusedByName() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"),
                "{\"inputs\": [{\"name\": \"data\", \"shape\": [1, 99999999999999999999]}]}");

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("\"inputs[].shape\" must be a list of whole numbers");
    }

    @Test
    void imageInputWhoseSizeOverflows_isRefused() throws IOException {
        Files.writeString(dir.resolve("edgeserve.json"), """
                {"inputs": [{"name": "data", "shape": [1, 4611686018427387904, 4, 1]}],
                 "image": {"size": [2, 2]}}
                """);

        assertThatThrownBy(() -> new ManifestReader(null).manifestFor("m", dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("\"image\" makes pictures of shape");
    }

    @Test
    void labelsFileNameThatIsNoPath_isRefused() {
        ModelManifest manifest = new ModelManifest(null, null, null, null, null, new ModelManifest.Labels("a\0b", null));

        assertThatThrownBy(() -> ManifestReader.classLabels(dir, manifest))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("labels file");
    }
}
