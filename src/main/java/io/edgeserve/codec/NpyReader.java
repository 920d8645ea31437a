package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code application/x-npy} bodies: one NumPy array in the {@code .npy} format, versions 1.0, 2.0 and
 * 3.0, in the element types {@link DataType} has. Big-endian data is turned little-endian and Fortran-order
 * data C-order, so the tensor is what {@code np.load} would give, made contiguous. The element type is kept:
 * SageMaker's container would cast everything to float32, which the binding layer does per model input.
 *
 * <p>Nothing is allocated from the header's word alone: the element count is charged to the
 * {@link ElementBudget} first and data is read as it arrives, so a short body cannot claim a large buffer.
 * A truncated preamble, header or data is a 400 saying how far it got; so are bytes after the data, which
 * {@code np.load} would ignore but which mean the client sent something other than it thinks.
 */
final class NpyReader implements TensorReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy's own default bound ({@code max_header_size} of {@code np.load}). */
    private static final int MAX_HEADER_BYTES = 10_000;
    /** What one Java array can hold, whatever the element budget allows. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final CodecLimits limits;

    NpyReader(CodecLimits limits) {
        this.limits = limits;
    }

    @Override
    public DecodedInput read(InputStream body) throws IOException {
        return DecodedInput.Positional.of(readArray(body, new ElementBudget(limits.maxElements()), "NPY"));
    }

    /**
     * Reads one array that must fill {@code in} to its end.
     *
     * @param what names the array in messages: {@code "NPY"} or {@code "NPZ member 'x.npy'"}
     */
    static Tensor readArray(InputStream in, ElementBudget budget, String what) throws IOException {
        byte[] preamble = in.readNBytes(MAGIC.length + 2);
        if (preamble.length == 0) {
            throw ProblemException.malformed("the " + what + " body is empty");
        }
        for (int i = 0; i < Math.min(preamble.length, MAGIC.length); i++) {
            if (preamble[i] != MAGIC[i]) {
                throw ProblemException.malformed(what + " data must start with \\x93NUMPY; this does not");
            }
        }
        if (preamble.length < MAGIC.length + 2) {
            throw ProblemException.malformed(what + " magic and version truncated after "
                    + Detail.count(preamble.length, "byte") + " of " + (MAGIC.length + 2));
        }
        int major = preamble[6];
        int minor = preamble[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw ProblemException.malformed("unsupported " + what + " format version " + major + "." + minor
                    + "; versions 1.0, 2.0 and 3.0 are read");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] length = in.readNBytes(lengthBytes);
        if (length.length < lengthBytes) {
            throw ProblemException.malformed(what + " header length truncated after "
                    + Detail.count(length.length, "byte") + " of " + lengthBytes);
        }
        long headerLength = lengthBytes == 2
                ? ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFFL
                : ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw ProblemException.malformed(what + " header of " + headerLength + " bytes is longer than the "
                    + MAX_HEADER_BYTES + " allowed");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw ProblemException.malformed(what + " header truncated after "
                    + Detail.count(headerBytes.length, "byte") + "; it declares " + headerLength);
        }
        NpyHeader header = NpyHeader.parse(headerText(headerBytes, major, what));
        return readData(in, header, budget, what);
    }

    private static String headerText(byte[] bytes, int major, String what) {
        if (major < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.malformed(what + " version 3.0 header is not valid UTF-8");
        }
    }

    private static Tensor readData(InputStream in, NpyHeader header, ElementBudget budget, String what)
            throws IOException {
        Shape shape = header.shape();
        DataType type = header.dataType();
        long count;
        long declaredBytes;
        try {
            count = shape.size();
            declaredBytes = Math.multiplyExact(count, type.byteWidth());
        } catch (ArithmeticException e) {
            declaredBytes = Long.MAX_VALUE;
            count = Long.MAX_VALUE;
        }
        if (declaredBytes > MAX_ARRAY_BYTES) {
            throw ProblemException.malformed(what + " shape " + shape + " is too large for one array");
        }
        budget.take(count);
        int byteCount = (int) declaredBytes;
        byte[] data = in.readNBytes(byteCount);
        if (data.length < byteCount) {
            throw ProblemException.malformed(what + " data truncated after " + Detail.count(data.length, "byte")
                    + "; a " + type.numpyName() + " array of shape " + shape + " needs " + byteCount);
        }
        if (in.read() >= 0) {
            throw ProblemException.malformed(what + " has bytes after the " + byteCount
                    + " its header declares; send one array per body");
        }
        if (header.bigEndian()) {
            swapBytes(data, type.byteWidth());
        }
        if (header.fortranOrder() && shape.rank() > 1) {
            data = fortranToC(data, shape, type.byteWidth());
        }
        return new Tensor(type, shape, ByteBuffer.wrap(data));
    }

    /** Reverses each element's bytes in place. */
    private static void swapBytes(byte[] data, int width) {
        for (int element = 0; element < data.length; element += width) {
            for (int low = element, high = element + width - 1; low < high; low++, high--) {
                byte b = data[low];
                data[low] = data[high];
                data[high] = b;
            }
        }
    }

    /**
     * Copies column-major elements into row-major order. The source offset follows the C-order index like
     * an odometer: stepping axis k moves it by that axis's Fortran stride, wrapping an axis moves it back.
     */
    private static byte[] fortranToC(byte[] fortran, Shape shape, int width) {
        int rank = shape.rank();
        long[] dims = shape.dims();
        int[] strides = new int[rank];
        int stride = width;
        for (int k = 0; k < rank; k++) {
            strides[k] = stride;
            stride *= (int) dims[k];
        }
        byte[] c = new byte[fortran.length];
        int[] index = new int[rank];
        int source = 0;
        for (int target = 0; target < c.length; target += width) {
            System.arraycopy(fortran, source, c, target, width);
            for (int k = rank - 1; k >= 0; k--) {
                source += strides[k];
                if (++index[k] < dims[k]) {
                    break;
                }
                source -= strides[k] * (int) dims[k];
                index[k] = 0;
            }
        }
        return c;
    }
}
