package io.edgeserve.inference.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fuzzes the decoder of MXNet's {@code .params} files (an NDArray list: magic, arrays with their shapes and
 * types, then the keys). Contract: it returns the parameters, or refuses with the {@code IOException} it
 * declares, which its callers turn into an {@code InvalidModelException}; no count or size read from the file
 * makes it allocate more than the file could hold.
 */
class MxnetParamsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyParamsFile_isDecodedOrRefusedWithIoException(byte[] file) throws Exception {
        // Counts and sizes are checked against the bytes left, so a decode allocates about the file's size.
        long bound = (16L << 20) + 64L * file.length;
        FuzzContract.holds(bound, e -> e instanceof IOException, () -> MxnetParams.decode(ByteBuffer.wrap(file)));
    }
}
