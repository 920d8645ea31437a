package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the {@code application/x-npz} request body reader: the zip container and the arrays in it.
 * Contract: any body decodes, or is refused with a 4xx {@code ProblemException}; decoding allocates no more than
 * {@link FuzzLimits#CODEC} allow. Corpus: {@code src/test/resources/io/edgeserve/codec/NpzReaderFuzzTestInputs}.
 */
class NpzReaderFuzzTest {

    private final NpzReader reader = new NpzReader(FuzzLimits.CODEC);

    @FuzzTest(maxDuration = "10m")
    void anyBody_decodesOrIsRefusedWith4xx(byte[] body) throws Exception {
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM,
                () -> reader.read(new ByteArrayInputStream(body)));
    }
}
