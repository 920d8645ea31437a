package io.edgeserve.codec;

import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@code application/x-npy}: one array in {@code .npy} format 1.0, C order, little-endian, the header
 * padded so the data starts on a 64-byte boundary: the same bytes {@code np.save} writes for that array.
 * The element type is the tensor's own ({@code <f4} for float32), where SageMaker's container, which saves
 * {@code prediction.tolist()}, would widen floats to {@code <f8}; the values are the same.
 *
 * <p>A {@code .npy} file holds one array, so several outputs are refused with a 406 that points to
 * {@code application/x-npz} and {@code application/json}, which hold them all.
 */
final class NpyWriter implements TensorWriter {

    private static final byte[] MAGIC_V1 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;
    private static final int PREAMBLE_BYTES = MAGIC_V1.length + 2;

    @Override
    public void write(List<NamedTensor> outputs, OutputStream out) throws IOException {
        if (outputs.size() != 1) {
            throw TensorWriter.oneOutputOnly("application/x-npy holds one array", outputs,
                    "application/x-npz or application/json");
        }
        writeArray(outputs.getFirst().tensor(), out);
    }

    static void writeArray(Tensor tensor, OutputStream out) throws IOException {
        writeArray(header(tensor), tensor, out);
    }

    /** Writes an array whose {@link #header(Tensor)} the caller already has. */
    static void writeArray(byte[] header, Tensor tensor, OutputStream out) throws IOException {
        out.write(header);
        Channels.newChannel(out).write(tensor.data());
    }

    /**
     * Preamble and header dict, padded as NumPy pads it: with spaces and a final newline, so the total is a
     * multiple of 64, and a whole 64 more when it already was (numpy/lib/format.py {@code _wrap_header}).
     */
    static byte[] header(Tensor tensor) {
        String dict = new NpyHeader(tensor.dataType(), false, false, tensor.shape()).format();
        int length = dict.length() + 1;
        int padding = ALIGNMENT - (PREAMBLE_BYTES + length) % ALIGNMENT;
        int headerLength = length + padding;
        ByteBuffer header = ByteBuffer.allocate(PREAMBLE_BYTES + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC_V1).putShort((short) headerLength).put(dict.getBytes(StandardCharsets.ISO_8859_1));
        header.put(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1)).put((byte) '\n');
        return header.array();
    }
}
