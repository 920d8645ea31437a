package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float16 variants of GluonCV's four CIFAR-10 ResNets, exported and served through DJL, against their float32
 * originals on the 100 shared tiles. Each model is exported and run once; its tests share the outputs.
 */
class Float16ResnetAgreementTest {

    @TempDir
    static Path exports;

    private static final Map<String, Outputs> OUTPUTS = new HashMap<>();

    /** Both variants' logits for the 100 tiles. */
    private record Outputs(CifarSamples samples, Tensor float32, Tensor float16) {}

    @AfterAll
    static void forget() {
        OUTPUTS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cifar-resnet20-v1, 98", "cifar-resnet20-v2, 94", "cifar-resnet56-v1, 96", "cifar-resnet56-v2, 95"})
    void float32_scoresTheRecordedTop1(String folder, int recordedCorrect) throws Exception {
        Outputs outputs = outputs(folder);

        assertThat(outputs.samples().correct(outputs.float32())).isEqualTo(recordedCorrect);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cifar-resnet20-v1", "cifar-resnet20-v2", "cifar-resnet56-v1", "cifar-resnet56-v2"})
    void float16_agreesWithFloat32OnAtLeast99Of100Tiles(String folder) throws Exception {
        Outputs outputs = outputs(folder);

        PrecisionAgreement agreement = PrecisionAgreement.compare(outputs.float32(), outputs.float16());

        System.out.println(folder + " float16 vs float32 logits: " + agreement);
        assertThat(agreement.rows()).isEqualTo(100);
        assertThat(agreement.top1Agreements()).isGreaterThanOrEqualTo(99);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cifar-resnet20-v1", "cifar-resnet20-v2", "cifar-resnet56-v1", "cifar-resnet56-v2"})
    void float16_top1IsWithinOnePointOfFloat32(String folder) throws Exception {
        Outputs outputs = outputs(folder);

        int float32Correct = outputs.samples().correct(outputs.float32());
        int float16Correct = outputs.samples().correct(outputs.float16());

        System.out.println(folder + " top-1 on 100 tiles: float32 " + float32Correct + ", float16 " + float16Correct);
        assertThat(float16Correct).isBetween(float32Correct - 1, float32Correct + 1);
    }

    private static synchronized Outputs outputs(String folder) throws Exception {
        Outputs cached = OUTPUTS.get(folder);
        if (cached != null) {
            return cached;
        }
        Path source = SharedModels.existingModel(folder);
        CifarSamples samples = CifarSamples.load(SharedModels.cifarSamples(), source.resolve("synset.txt"));
        Float16Export export = Float16Exporter.export(source, Files.createDirectories(exports).resolve(folder));
        Outputs outputs = new Outputs(samples, run(export.source(), samples), run(export.target(), samples));
        OUTPUTS.put(folder, outputs);
        return outputs;
    }

    private static Tensor run(MxnetCheckpoint checkpoint, CifarSamples samples) throws Exception {
        try (ServedModel model = ServedModel.load(checkpoint)) {
            return model.apply(samples.images());
        }
    }
}
