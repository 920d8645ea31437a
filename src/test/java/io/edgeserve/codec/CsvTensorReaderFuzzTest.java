package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the {@code text/csv} request body reader.
 * Contract: any body decodes, or is refused with a 4xx {@code ProblemException}; decoding allocates no more than
 * {@link FuzzLimits#CODEC} allow. Corpus: {@code src/test/resources/io/edgeserve/codec/CsvTensorReaderFuzzTestInputs}.
 */
class CsvTensorReaderFuzzTest {

    private final CsvTensorReader reader = new CsvTensorReader(FuzzLimits.CODEC);

    @FuzzTest(maxDuration = "10m")
    void anyBody_decodesOrIsRefusedWith4xx(byte[] body) throws Exception {
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM,
                () -> reader.read(new ByteArrayInputStream(body)));
    }
}
