package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.SharedModels;
import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported float16 variants, loaded back through DJL's MXNet engine: what the engine holds and what it answers. */
class Float16VariantLoadingTest {

    private static final String RESNET = "cifar-resnet20-v1";
    private static final List<String> DIGITS = List.of("digit0_djl.png", "digit4_sm.png", "digit7_sm.png");

    @TempDir
    Path temp;

    @Test
    void exportedResnet_holdsFloat16WeightsAndFloat32AuxStatesInTheEngine() throws Exception {
        Float16Export export = Float16Exporter.export(SharedModels.existingModel(RESNET), temp.resolve("fp16"));
        Map<String, Tensor> written = MxnetParams.read(export.target().paramsFile());

        try (ServedModel model = ServedModel.load(export.target())) {
            Map<String, ai.djl.ndarray.types.DataType> loaded = model.parameterTypes();

            assertThat(loaded).hasSize(written.size());
            written.forEach((key, tensor) -> assertThat(loaded.get(key.substring(4))).as(key)
                    .isEqualTo(key.startsWith("arg:") ? ai.djl.ndarray.types.DataType.FLOAT16
                            : ai.djl.ndarray.types.DataType.FLOAT32));
            assertThat(loaded.values()).filteredOn(type -> type == ai.djl.ndarray.types.DataType.FLOAT16).hasSize(65);
        }
    }

    @Test
    void exportedResnet_holdsAboutHalfTheFloat32ParameterBytes() throws Exception {
        Float16Export export = Float16Exporter.export(SharedModels.existingModel(RESNET), temp.resolve("fp16"));

        try (ServedModel float32 = ServedModel.load(export.source());
                ServedModel float16 = ServedModel.load(export.target())) {
            System.out.printf("%s parameter bytes in the engine: float32 %,d, float16 %,d%n", RESNET,
                    float32.parameterBytes(), float16.parameterBytes());
            assertThat(float16.parameterBytes()).isLessThanOrEqualTo(float32.parameterBytes() * 51 / 100);
        }
    }

    @Test
    void exportedResnet_keepsTheGraphsAuxiliaryStates() throws Exception {
        Float16Export export = Float16Exporter.export(SharedModels.existingModel(RESNET), temp.resolve("fp16"));

        try (ServedModel float32 = ServedModel.load(export.source());
                ServedModel float16 = ServedModel.load(export.target())) {
            assertThat(float16.auxiliaryStateNames()).hasSize(42).isEqualTo(float32.auxiliaryStateNames());
        }
    }

    @Test
    void inMemoryVariant_answersExactlyAsTheExportedFolder() throws Exception {
        Path source = SharedModels.existingModel(RESNET);
        Float16Export export = Float16Exporter.export(source, temp.resolve("fp16"));
        MxnetCheckpoint checkpoint = MxnetCheckpoint.locate(source);
        Float16Variant variant = Float16Variant.derive(Files.readString(checkpoint.symbolFile()),
                MxnetParams.read(checkpoint.paramsFile()));
        Tensor tiles = CifarSamples.load(SharedModels.cifarSamples(), source.resolve("synset.txt")).images();

        try (ServedModel fromFiles = ServedModel.load(export.target());
                ServedModel inMemory = ServedModel.of(
                        InMemoryModelLoader.load(RESNET, variant.symbolJson(), variant.params()))) {
            assertThat(inMemory.parameterTypes()).isEqualTo(fromFiles.parameterTypes());
            assertThat(inMemory.apply(tiles).data()).isEqualTo(fromFiles.apply(tiles).data());
        }
    }

    @Test
    void inMemoryLoader_refusesAParameterTheGraphLacks() {
        LinkedHashMap<String, Tensor> params = TinyModel.params(DataType.FLOAT32);
        params.put("arg:fc9_weight", Tensor.ofFloats(Shape.of(1), 1));

        assertThatThrownBy(() -> InMemoryModelLoader.load("tiny", TinyModel.SYMBOL.toJson(), params))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[fc9_weight]");
    }

    @Test
    void legacyLenet_float16ReadsTheThreeDigitsAsFloat32Does() throws Exception {
        Path source = SharedModels.existingModel("mnist-lenet");
        Float16Export export = Float16Exporter.export(source, temp.resolve("fp16"));
        Tensor digits = digits(source.resolve("images"));

        try (ServedModel float32 = ServedModel.load(export.source());
                ServedModel float16 = ServedModel.load(export.target())) {
            Tensor expected = float32.apply(digits);
            Tensor actual = float16.apply(digits);

            System.out.println("mnist-lenet float16 vs float32 softmax: " + PrecisionAgreement.compare(expected, actual));
            assertThat(argmaxes(actual)).containsExactly(0, 4, 7);
            assertThat(PrecisionAgreement.compare(expected, actual).top1Agreements()).isEqualTo(3);
        }
    }

    @Test
    void sageMakerMlp_float16ReadsTheThreeDigitsAsFloat32Does() throws Exception {
        Path source = SharedModels.existingModel("sagemaker-mnist-mlp");
        Float16Export export = Float16Exporter.export(source, temp.resolve("fp16"));
        Tensor digits = digits(source.resolve("images"));

        try (ServedModel float32 = ServedModel.load(export.source());
                ServedModel float16 = ServedModel.load(export.target())) {
            PrecisionAgreement agreement = PrecisionAgreement.compare(float32.apply(digits), float16.apply(digits));

            System.out.println("sagemaker-mnist-mlp float16 vs float32 softmax: " + agreement);
            assertThat(agreement.top1Agreements()).isEqualTo(3);
        }
    }

    /** The three 28x28 grey digits as (3, 1, 28, 28), pixel / 255, the MNIST models' convention. */
    private static Tensor digits(Path images) throws IOException {
        float[] values = new float[DIGITS.size() * 28 * 28];
        for (int i = 0; i < DIGITS.size(); i++) {
            Raster raster = ImageIO.read(images.resolve(DIGITS.get(i)).toFile()).getRaster();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    values[(i * 28 + y) * 28 + x] = raster.getSample(x, y, 0) / 255f;
                }
            }
        }
        return Tensor.ofFloats(Shape.of(DIGITS.size(), 1, 28, 28), values);
    }

    private static int[] argmaxes(Tensor output) {
        float[] values = output.toFloatArray();
        int classes = Math.toIntExact(output.shape().rowSize());
        int[] best = new int[Math.toIntExact(output.shape().rows())];
        for (int row = 0; row < best.length; row++) {
            for (int c = 1; c < classes; c++) {
                if (values[row * classes + c] > values[row * classes + best[row]]) {
                    best[row] = c;
                }
            }
        }
        return best;
    }
}
