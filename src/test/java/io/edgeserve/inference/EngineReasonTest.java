package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine's reasons for refusing a model, as a client reads them: words, not native stack text. */
class EngineReasonTest {

    @Test
    void nativeStackTrace_sourceFilesAndLibraryNames_areLeftOut() {
        String engine = "MXNet engine call failed: MXNetError: Check failed: header == kMXAPINDArrayListMagic: Invalid"
                + " NDArray file format\nStack trace:\n  File \"../src/ndarray/ndarray.cc\", line 2034\n"
                + "  [bt] (0) /usr/lib/libmxnet.so(+0x1234) [0x7f]";

        String words = MxnetModelLoader.inWords(engine);

        assertThat(words).isEqualTo("header == kMXAPINDArrayListMagic: Invalid NDArray file format");
    }

    @Test
    void timestampedSourceLocation_isLeftOut() {
        assertThat(MxnetModelLoader.inWords("[13:15:47] ../src/ndarray/ndarray.cc:2034: Unknown type enum 42"))
                .isEqualTo("Unknown type enum 42");
    }

    @Test
    void nothingLeft_saysSo() {
        assertThat(MxnetModelLoader.inWords("Stack trace: File \"x.cc\", line 1")).isEqualTo("no reason given");
    }
}
