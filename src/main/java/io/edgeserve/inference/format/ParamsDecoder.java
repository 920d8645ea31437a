package io.edgeserve.inference.format;

import static io.edgeserve.inference.format.MxnetParams.DEFAULT_STORAGE;
import static io.edgeserve.inference.format.MxnetParams.LIST_MAGIC;
import static io.edgeserve.inference.format.MxnetParams.V1_MAGIC;
import static io.edgeserve.inference.format.MxnetParams.V2_MAGIC;
import static io.edgeserve.inference.format.MxnetParams.V3_MAGIC;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One pass over an NDArray list held in memory. Its rule: no count, length or size read from the file is
 * believed before it is checked against the bytes that remain, so a hostile file fails with an
 * {@link IOException} before it can make us allocate or loop on its say-so. In layout mode it only walks the
 * headers and keys and steps over the weights, so checking a memory-mapped file reads little more than its
 * headers from disk.
 */
final class ParamsDecoder {

    /** NumPy's own limit; MXNet has none, but no real network has more. */
    static final int MAX_RANK = 32;
    /** The smallest array MXNet can write (legacy, rank 0, no data): ndim, context and type flag. */
    private static final int MIN_ARRAY_BYTES = 4 + 8 + 4;

    private final ByteBuffer in;
    private final boolean layoutOnly;
    private String where = "header";

    ParamsDecoder(ByteBuffer bytes) {
        this(bytes, false);
    }

    /** @param layoutOnly check the structure and skip the weights; {@link #decode()} then maps keys to null */
    ParamsDecoder(ByteBuffer bytes, boolean layoutOnly) {
        this.in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.layoutOnly = layoutOnly;
    }

    /** The arrays by key; in layout mode every value is null. */
    LinkedHashMap<String, Tensor> decode() throws IOException {
        long magic = readLong("file magic");
        if (magic != LIST_MAGIC) {
            throw failure("not an MXNet NDArray list: magic 0x" + Long.toHexString(magic) + ", expected 0x112");
        }
        readLong("reserved word"); // MXNet neither checks nor uses it
        long count = readCount("array count", MIN_ARRAY_BYTES);
        List<Tensor> arrays = new ArrayList<>((int) Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            where = "array " + i;
            arrays.add(readArray());
        }
        where = "keys";
        long keyCount = readCount("key count", 8);
        if (keyCount != 0 && keyCount != count) {
            throw failure(count + " arrays but " + keyCount + " keys");
        }
        LinkedHashMap<String, Tensor> params = LinkedHashMap.newLinkedHashMap(arrays.size());
        for (int i = 0; i < count; i++) {
            where = "key " + i;
            String key = keyCount == 0 ? Integer.toString(i) : readKey();
            if (params.containsKey(key)) {
                throw failure("duplicate key '" + key + "'");
            }
            params.put(key, arrays.get(i));
        }
        if (in.hasRemaining()) {
            where = "end";
            throw failure(in.remaining() + " unexpected bytes after the last key");
        }
        return params;
    }

    private Tensor readArray() throws IOException {
        int magic = readInt("array magic");
        long[] dims;
        switch (magic) {
            case V2_MAGIC, V3_MAGIC -> {
                int storage = readInt("storage type");
                if (storage != DEFAULT_STORAGE) {
                    throw failure("sparse storage (type " + storage + ", "
                            + (storage == 1 ? "row_sparse" : storage == 2 ? "csr" : "unknown")
                            + ") is not supported; only dense arrays are");
                }
                int ndim = readInt("ndim");
                // V2 writes ndim 0 and V3 ndim -1 for an empty ("none") array, and then nothing more.
                if ((magic == V2_MAGIC && ndim == 0) || (magic == V3_MAGIC && ndim == -1)) {
                    throw failure("an empty (none) array, which cannot be a parameter");
                }
                dims = readDims(ndim, 8);
            }
            case V1_MAGIC -> dims = readDims(readInt("ndim"), 8);
            // Before V1 (2015) there was no magic: the first word is ndim and dims are uint32.
            default -> {
                if (Integer.compareUnsigned(magic, MAX_RANK) > 0) {
                    throw failure("unknown array magic 0x" + Integer.toHexString(magic));
                }
                dims = readDims(magic, 4);
            }
        }
        readInt("device type"); // MXNet loads every array onto the CPU first, whatever it was saved from
        readInt("device id");
        int flag = readInt("type flag");
        Shape shape = Shape.of(dims);
        if (layoutOnly) {
            // MXNet itself loads types edgeserve cannot hold (int16, bfloat16...): only their size matters here.
            int width;
            try {
                width = MxnetParams.byteWidth(flag);
            } catch (IOException e) {
                throw failure(e.getMessage());
            }
            long byteCount = dataBytes(shape, width);
            need(byteCount, "data of " + MxnetParams.typeName(flag) + shape);
            in.position(in.position() + (int) byteCount);
            return null;
        }
        DataType type = MxnetParams.dataType(flag);
        long byteCount = dataBytes(shape, type.byteWidth());
        need(byteCount, "data of " + type.numpyName() + shape);
        ByteBuffer data = in.slice(in.position(), (int) byteCount);
        in.position(in.position() + (int) byteCount);
        return new Tensor(type, shape, data);
    }

    private long dataBytes(Shape shape, int width) throws IOException {
        try {
            return Math.multiplyExact(shape.size(), width);
        } catch (ArithmeticException e) {
            throw failure("shape " + shape + " is too large");
        }
    }

    private long[] readDims(int ndim, int dimBytes) throws IOException {
        if (ndim < 0 || ndim > MAX_RANK) {
            throw failure("rank " + ndim + " is outside 0.." + MAX_RANK);
        }
        need((long) ndim * dimBytes, "shape");
        long[] dims = new long[ndim];
        for (int axis = 0; axis < ndim; axis++) {
            dims[axis] = dimBytes == 8 ? in.getLong() : Integer.toUnsignedLong(in.getInt());
            if (dims[axis] < 0) {
                throw failure("dimension " + axis + " is " + dims[axis] + " (unknown or corrupt)");
            }
        }
        return dims;
    }

    private String readKey() throws IOException {
        long length = readCount("key length", 1);
        byte[] utf8 = new byte[(int) length];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw failure("key is not UTF-8");
        }
    }

    /** An unsigned count of items of at least {@code itemBytes} each, which must fit in what remains. */
    private long readCount(String what, int itemBytes) throws IOException {
        long count = readLong(what);
        if (count < 0 || count > in.remaining() / itemBytes) {
            throw failure(what + " " + Long.toUnsignedString(count) + " cannot fit in the " + in.remaining()
                    + " bytes that remain");
        }
        return count;
    }

    private long readLong(String what) throws IOException {
        need(8, what);
        return in.getLong();
    }

    private int readInt(String what) throws IOException {
        need(4, what);
        return in.getInt();
    }

    private void need(long bytes, String what) throws IOException {
        if (bytes > in.remaining()) {
            throw failure("truncated: " + what + " needs " + bytes + " bytes, " + in.remaining() + " remain");
        }
    }

    private IOException failure(String reason) {
        return new IOException("invalid MXNet NDArray file at byte " + in.position() + " (" + where + "): " + reason);
    }
}
