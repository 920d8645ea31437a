package io.edgeserve.inference;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes the reading of an MXNet {@code symbol.json}: its nodes, their inputs and the heads, which index
 * into the nodes. Contract: it returns the graph's interface, or refuses with an
 * {@code InvalidModelException} naming the file.
 */
class SymbolGraphFuzzTest {

    private final Path file;

    SymbolGraphFuzzTest() {
        try {
            file = Files.createTempDirectory("symbol-fuzz").resolve("m-symbol.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void removeFolder() throws IOException {
        Files.deleteIfExists(file);
        Files.delete(file.getParent());
    }

    @FuzzTest(maxDuration = "10m")
    void anySymbolFile_isReadOrRefusedAsInvalidModel(byte[] json) throws Exception {
        Files.write(file, json);
        FuzzContract.holds(32L << 20, FuzzContract.INVALID_MODEL, () -> SymbolGraph.read(file));
    }
}
