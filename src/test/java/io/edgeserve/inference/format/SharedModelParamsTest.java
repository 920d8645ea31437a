package io.edgeserve.inference.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the real checkpoints in {@code ../shared/models}, written by MXNet versions from 2015 to 2.0. */
class SharedModelParamsTest {

    private static final Path SHARED = Path.of("../shared/models");

    static Stream<Path> sharedParamsFiles() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "the shared models folder " + SHARED.toAbsolutePath() + " is absent");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SHARED, 2)) {
            files = walk.filter(path -> path.toString().endsWith(".params")).sorted().toList();
        }
        return files.stream();
    }

    @Test
    void linreg_readsAwsTrainedWeightsAndBias() throws IOException {
        Path file = SHARED.resolve("sagemaker-linreg/model-0000.params");
        assumeTrue(Files.exists(file), file + " is absent");

        Map<String, Tensor> params = MxnetParams.read(file);

        assertThat(params.keySet()).containsExactly("arg:fc1_weight", "arg:fc1_bias");
        assertThat(params.get("arg:fc1_weight").shape()).isEqualTo(Shape.of(1, 2));
        float[] weight = params.get("arg:fc1_weight").toFloatArray();
        assertThat(weight[0]).isCloseTo(1.0f, within(1e-6f));
        assertThat(weight[1]).isCloseTo(1.99999f, within(1e-5f));
        assertThat(params.get("arg:fc1_bias").toFloatArray()[0]).isCloseTo(2.48e-6f, within(1e-8f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedParamsFiles")
    void sharedParams_readCompletelyIntoCheckpointKeys(Path file) throws IOException {
        Map<String, Tensor> params = MxnetParams.read(file);

        assertThat(params).isNotEmpty();
        assertThat(params.keySet()).allMatch(key -> key.startsWith("arg:") || key.startsWith("aux:"));
        long dataBytes = params.values().stream().mapToLong(Tensor::byteSize).sum();
        long keyBytes = params.keySet().stream().mapToLong(key -> 8 + key.length()).sum();
        // The decoder refuses leftovers, so the file is exactly headers + data + keys; headers are 16..60 bytes.
        long headerBytes = Files.size(file) - 24 - 8 - dataBytes - keyBytes;
        assertThat(headerBytes).isBetween(16L * params.size(), 60L * params.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedParamsFiles")
    void sharedV2Params_rewriteByteForByte(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        int firstArrayMagic = ByteBuffer.wrap(original, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assumeTrue(firstArrayMagic == MxnetParams.V2_MAGIC, file + " predates the V2 encoding we write");

        byte[] rewritten = MxnetParams.encode(MxnetParams.read(file));

        assertThat(rewritten).isEqualTo(original);
    }
}
