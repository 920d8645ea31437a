package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.stream.Collectors;

/** Encodes model outputs in one media type. */
interface TensorWriter {

    /**
     * Writes {@code outputs} (at least one, names unique) to {@code out}, without closing it. Outputs the
     * format cannot carry are refused with a 406 {@code ProblemException} before any byte is written.
     */
    void write(List<NamedTensor> outputs, OutputStream out) throws IOException;

    /** The 406 for a format that holds one tensor, asked to carry several. */
    static ProblemException oneOutputOnly(String format, List<NamedTensor> outputs, String alternatives) {
        return new ProblemException(ProblemType.NOT_ACCEPTABLE, format + ", but the model returned "
                + outputs.size() + " outputs (" + outputs.stream().map(NamedTensor::name)
                .collect(Collectors.joining(", ")) + "); accept " + alternatives + " instead");
    }
}
