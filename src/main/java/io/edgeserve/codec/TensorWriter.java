package io.edgeserve.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Encodes model outputs in one media type. */
interface TensorWriter {

    /**
     * Writes {@code outputs} (at least one, names unique) to {@code out}, without closing it. Outputs the
     * format cannot carry are refused with a 406 {@code ProblemException} before any byte is written.
     */
    void write(List<NamedTensor> outputs, OutputStream out) throws IOException;
}
