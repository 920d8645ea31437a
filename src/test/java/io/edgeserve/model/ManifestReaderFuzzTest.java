package io.edgeserve.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes what a model folder says about itself: its manifest ({@code edgeserve.json}), SageMaker's
 * {@code PREFIX-shapes.json} and the labels the manifest names, all read from the same fuzzed bytes.
 * Contract: each returns, or refuses with an {@link InvalidModelException} naming the file and what is wrong.
 * (The same tree parser serves {@code POST /models} bodies, where its {@code IllegalArgumentException} becomes
 * a 400; here it must not escape.)
 */
class ManifestReaderFuzzTest {

    private static final long ALLOCATION_BYTES = 32L << 20;

    private final Path dir;

    ManifestReaderFuzzTest() {
        try {
            dir = Files.createTempDirectory("manifest-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void removeFolder() throws IOException {
        ModelArchive.deleteRecursively(dir);
    }

    @FuzzTest(maxDuration = "10m")
    void anyManifest_isReadOrRefusedAsInvalidModel(byte[] json) throws Exception {
        Path manifest = Files.write(dir.resolve(ModelFolder.MANIFEST_FILE), json);
        Files.write(dir.resolve("m-shapes.json"), json);
        FuzzContract.holds(ALLOCATION_BYTES, FuzzContract.INVALID_MODEL, () -> {
            ModelManifest read = ManifestReader.read(manifest);
            ManifestReader.classLabels(dir, read);
        });
        FuzzContract.holds(ALLOCATION_BYTES, FuzzContract.INVALID_MODEL, () -> ManifestReader.readShapes(dir, "m"));
    }
}
