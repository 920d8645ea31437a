package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.SharedModels;
import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corrupt params files on the real engine: MXNet allocates whatever a params file declares, so before our
 * check a few overwritten header bytes got the JVM killed. Each corruption is now refused in words, and this
 * JVM (which runs the engine) lives on to load the good file afterwards.
 */
class CorruptParamsTest {

    private static final MxnetModelLoader LOADER = new MxnetModelLoader(1);
    private static byte[] linregParams;

    @TempDir
    Path dir;

    @BeforeAll
    static void readGoodFile() throws IOException {
        SharedModels.assumePresent();
        linregParams = Files.readAllBytes(SharedModels.model("sagemaker-linreg").resolve("model-0000.params"));
    }

    /** The corruption that got the test JVM killed (exit 137) before the check. */
    @Test
    void bytes24To63Overwritten_areRefusedNamingFileAndReason() throws IOException {
        byte[] corrupt = linregParams.clone();
        Arrays.fill(corrupt, 24, 64, (byte) 0x7f);

        assertThatThrownBy(() -> load(corrupt))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model-0000.params is not a well-formed params file")
                .hasMessageContaining("array 0")
                .hasMessageContaining("unknown array magic 0x7f7f7f7f")
                .hasMessageNotContaining(dir.toString());
        assertGoodFileStillLoads();
    }

    @Test
    void truncatedFile_isRefusedSayingWhatIsMissing() throws IOException {
        byte[] truncated = Arrays.copyOf(linregParams, linregParams.length - 20);

        assertThatThrownBy(() -> load(truncated))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cannot load model epoch 0")
                .hasMessageContaining("truncated");
        assertGoodFileStillLoads();
    }

    /** The first array's first dimension (byte 32 of this V1 file) made 2^40: a terabyte that the file does not hold. */
    @Test
    void absurdDeclaredArraySize_isRefusedBeforeTheEngineAllocatesIt() throws IOException {
        byte[] absurd = linregParams.clone();
        ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(32, 1L << 40);

        assertThatThrownBy(() -> load(absurd))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("data of float32(1099511627776, 2) needs 8796093022208 bytes");
        assertGoodFileStillLoads();
    }

    @Test
    void trailingGarbage_isRefused() throws IOException {
        byte[] longer = Arrays.copyOf(linregParams, linregParams.length + 3);

        assertThatThrownBy(() -> load(longer))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("3 unexpected bytes after the last key");
    }

    static Stream<String> sharedModels() throws IOException {
        SharedModels.assumePresent();
        try (Stream<Path> folders = Files.list(SharedModels.ROOT)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** The check accepts every encoding the shared models use, from 2015's legacy one to V3. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedModels")
    void everySharedModel_stillLoads(String name) {
        try (InferenceModel model = LOADER.load(ModelFolder.read(name, SharedModels.model(name), ModelManifest.EMPTY))) {
            assertThat(model.parameterBytes()).isPositive();
        }
    }

    private void assertGoodFileStillLoads() throws IOException {
        Path good = Files.createDirectories(dir.resolve("good"));
        Files.copy(SharedModels.model("sagemaker-linreg").resolve("model-symbol.json"), good.resolve("model-symbol.json"));
        Files.write(good.resolve("model-0000.params"), linregParams);
        try (InferenceModel model = LOADER.load(ModelFolder.read("good", good, ModelManifest.EMPTY))) {
            assertThat(model.signature().inputs()).hasSize(1);
        }
    }

    private void load(byte[] params) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("bad"));
        Files.copy(SharedModels.model("sagemaker-linreg").resolve("model-symbol.json"), folder.resolve("model-symbol.json"));
        Files.write(folder.resolve("model-0000.params"), params);
        LOADER.load(ModelFolder.read("bad", folder, ModelManifest.EMPTY)).close();
    }
}
