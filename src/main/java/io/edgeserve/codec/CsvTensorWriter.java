package io.edgeserve.codec;

import io.edgeserve.tensor.Tensor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@code text/csv} as SageMaker's container does with
 * {@code np.savetxt(out, prediction.asnumpy().tolist(), delimiter=',', fmt='%s')}: a line per row, each
 * ending in {@code \n}. Because the container saves {@code tolist()}, floats are Python floats by then, so
 * a float32 element prints as its value widened to double, in Python's repr ({@code 4.9999918937683105},
 * not NumPy's float32 {@code 4.999992}); NaN and infinities print {@code nan}, {@code inf}, {@code -inf},
 * booleans {@code True} and {@code False}.
 *
 * <p>Where savetxt fails, we choose: a 1-D tensor is a column (as savetxt writes it), a scalar is one line,
 * and a tensor of rank 3 or more has each row flattened in C order onto its line. A CSV body is one table,
 * so several outputs are refused with a 406 pointing to {@code application/json} and
 * {@code application/x-npz}: putting them side by side would lose where one output ends.
 */
final class CsvTensorWriter implements TensorWriter {

    private static final int BUFFER_CHARS = 1 << 16;
    /** Characters a printed number takes at most, separator included ({@code -2.4798819140414707e-06, }). */
    private static final int CHARS_PER_VALUE = 26;

    @Override
    public void write(List<NamedTensor> outputs, OutputStream out) throws IOException {
        if (outputs.size() != 1) {
            throw TensorWriter.oneOutputOnly("text/csv holds one table", outputs,
                    "application/json or application/x-npz");
        }
        Tensor tensor = outputs.getFirst().tensor();
        long rows = tensor.shape().rank() == 1 ? tensor.size() : tensor.shape().rows();
        long rowSize = tensor.shape().rank() == 1 ? 1 : tensor.shape().rowSize();
        ByteBuffer data = tensor.data();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), bufferFor(tensor.size()));
        int index = 0;
        for (long row = 0; row < rows; row++) {
            for (long column = 0; column < rowSize; column++) {
                if (column > 0) {
                    writer.write(',');
                }
                writer.write(ElementText.PYTHON.format(data, tensor.dataType(), index++));
            }
            writer.write('\n');
        }
        writer.flush();
    }

    /**
     * A buffer for {@code values} numbers, at most {@link #BUFFER_CHARS}: a one-number answer allocating 128 KB
     * cost more than writing it (measured: 5 to 6.5 us per response against 0.15 us).
     */
    private static int bufferFor(long values) {
        return (int) Math.min(BUFFER_CHARS, Math.max(64, values * CHARS_PER_VALUE + 64));
    }
}
