package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.SharedModels;
import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Float16ExporterTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cifar-resnet20-v1", "cifar-resnet20-v2", "cifar-resnet56-v1", "cifar-resnet56-v2",
        "mnist-lenet", "sagemaker-mnist-mlp"})
    void sharedModel_paramsFileIsAtMost52PercentOfFloat32(String folder) throws IOException {
        Path out = temp.resolve("fp16");

        Float16Export export = Float16Exporter.export(SharedModels.existingModel(folder), out);

        long float32Bytes = Files.size(export.source().paramsFile());
        long float16Bytes = Files.size(export.target().paramsFile());
        System.out.printf("%s: params %,d -> %,d bytes (%.2f%%)%n", folder, float32Bytes, float16Bytes,
                100.0 * float16Bytes / float32Bytes);
        assertThat(float16Bytes).isLessThanOrEqualTo(float32Bytes * 52 / 100);
        assertThat(export.float16ParamsBytes()).isEqualTo(float16Bytes);
        assertThat(export.float32ParamsBytes()).isEqualTo(float32Bytes);
    }

    @Test
    void lenet_keepsItsPrefixAndEpoch() throws IOException {
        Path out = temp.resolve("fp16");

        Float16Export export = Float16Exporter.export(SharedModels.existingModel("mnist-lenet"), out);

        assertThat(export.target()).isEqualTo(new MxnetCheckpoint(out, "mnist-lenet-0", 10));
        assertThat(MxnetCheckpoint.locate(out)).isEqualTo(export.target());
        assertThat(export.castParameters()).isEqualTo(8);
    }

    @Test
    void exportedParams_areTheFloat32OnesRoundedToFloat16() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);

        Float16Export export = Float16Exporter.export(source, temp.resolve("fp16"));

        Map<String, Tensor> written = MxnetParams.read(export.target().paramsFile());
        Map<String, Tensor> expected = TinyModel.params(DataType.FLOAT16);
        assertThat(written.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, tensor) -> {
            assertThat(written.get(key).dataType()).as(key).isEqualTo(DataType.FLOAT16);
            assertThat(written.get(key).data()).as(key).isEqualTo(tensor.data());
        });
        assertThat(Files.readString(export.target().symbolFile())).contains("\"fc2_bias_fp32\"");
    }

    @Test
    void sageMakerFolder_copiesLabelsAndShapes_butNotTheFloat32Archive() throws IOException {
        Path out = temp.resolve("fp16");

        Float16Export export = Float16Exporter.export(SharedModels.existingModel("sagemaker-mnist-mlp"), out);

        assertThat(export.copiedFiles()).containsExactly(out.resolve("synset.txt"), out.resolve("model-shapes.json"));
        assertThat(out.resolve("model-shapes.json")).hasSameTextualContentAs(
                SharedModels.model("sagemaker-mnist-mlp/model-shapes.json"));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    "model-symbol.json", "model-0000.params", "synset.txt", "model-shapes.json");
        }
    }

    @Test
    void manifest_isCopiedAsItIs_withTheLabelsFileItNames() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        String manifest = "{\"prefix\": \"tiny\", \"epoch\": 0, \"labels\": \"classes.txt\"}";
        Files.writeString(source.resolve("edgeserve.json"), manifest);
        Files.writeString(source.resolve("classes.txt"), "no\nyes\n");
        Path out = temp.resolve("fp16");

        Float16Export export = Float16Exporter.export(source, out);

        assertThat(export.copiedFiles()).containsExactly(out.resolve("edgeserve.json"), out.resolve("classes.txt"));
        assertThat(Files.readString(out.resolve("edgeserve.json"))).isEqualTo(manifest);
        assertThat(Files.readString(out.resolve("classes.txt"))).isEqualTo("no\nyes\n");
    }

    @Test
    void manifestNamingLabelsOutsideTheFolder_isRefused() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        Files.writeString(temp.resolve("secret.txt"), "x");
        Files.writeString(source.resolve("edgeserve.json"), "{\"labels\": \"../secret.txt\"}");

        assertThatThrownBy(() -> Float16Exporter.export(source, temp.resolve("fp16")))
                .isInstanceOf(IOException.class).hasMessageContaining("'../secret.txt'");
    }

    @Test
    void outDirWithFiles_isRefusedAndLeftAlone() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        Path out = Files.createDirectories(temp.resolve("fp16"));
        Files.writeString(out.resolve("tiny-0001.params"), "stale");

        assertThatThrownBy(() -> Float16Exporter.export(source, out))
                .isInstanceOf(IOException.class).hasMessageContaining("is not empty");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(out.resolve("tiny-0001.params"));
        }
    }

    @Test
    void emptyOutDir_isUsed() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        Path out = Files.createDirectories(temp.resolve("fp16"));

        assertThat(Float16Exporter.export(source, out).target().paramsFile()).exists();
    }

    @Test
    void float16Model_isRefused_andNothingIsWritten() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT16);
        Path out = temp.resolve("fp16");

        assertThatThrownBy(() -> Float16Exporter.export(source, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only float32 models have a float16 variant")
                .hasMessageContaining("'arg:fc1_weight' is float16");
        assertThat(out).doesNotExist();
    }

    @Test
    void float64Model_isRefused() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT64);

        assertThatThrownBy(() -> Float16Exporter.export(source, temp.resolve("fp16")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is float64");
    }

    @Test
    void exportedVariant_cannotBeHalvedAgain() throws IOException {
        Path source = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        Float16Exporter.export(source, temp.resolve("fp16"));

        assertThatThrownBy(() -> Float16Exporter.export(temp.resolve("fp16"), temp.resolve("fp16-again")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float16 variant already");
    }
}
