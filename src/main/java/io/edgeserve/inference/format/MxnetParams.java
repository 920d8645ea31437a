package io.edgeserve.inference.format;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Reads and writes MXNet's NDArray list file, the {@code prefix-0000.params} of a checkpoint, without MXNet.
 * Reading accepts every dense encoding MXNet 1.x loads (legacy 2015, V1, V2 and the NumPy-semantics V3);
 * writing always produces V2, what MXNet 1.x itself writes outside NumPy mode and what every MXNet 1.x and DJL
 * loads. Keys keep the file's order, which is the order MXNet wrote them in.
 *
 * <p>Layout (little-endian): {@code uint64 0x112, uint64 0, uint64 count, count arrays, uint64 keyCount,
 * keyCount × (uint64 length, UTF-8 bytes)}. A V2 array is {@code uint32 0xF993FAC9, int32 storage type,
 * int32 ndim, ndim × int64 dim, int32 dev_type, int32 dev_id, int32 type flag, raw data}.
 */
public final class MxnetParams {

    static final long LIST_MAGIC = 0x112;
    static final int V1_MAGIC = 0xF993FAC8;
    static final int V2_MAGIC = 0xF993FAC9;
    static final int V3_MAGIC = 0xF993FACA;
    static final int DEFAULT_STORAGE = 0;
    static final int CPU_DEVICE_TYPE = 1;

    /** MXNet's type flags (mshadow {@code TypeFlag}) in flag order; a null marks a type edgeserve cannot hold. */
    private static final DataType[] TYPES_BY_FLAG = {
        DataType.FLOAT32, DataType.FLOAT64, DataType.FLOAT16, DataType.UINT8, DataType.INT32, DataType.INT8,
        DataType.INT64, DataType.BOOLEAN, null, null, null, null, null
    };
    private static final int[] BYTE_WIDTHS_BY_FLAG = {4, 8, 2, 1, 4, 1, 8, 1, 2, 2, 4, 8, 2};
    private static final String[] FLAG_NAMES = {
        "float32", "float64", "float16", "uint8", "int32", "int8", "int64", "bool", "int16", "uint16", "uint32",
        "uint64", "bfloat16"
    };

    private MxnetParams() {}

    /**
     * Reads a whole file. For a file saved without keys (MXNet allows it; a checkpoint never does it), the keys
     * are the arrays' positions, {@code "0"}, {@code "1"}, and so on.
     *
     * @throws IOException if the file is not a well-formed dense NDArray list, with the offset and the reason
     */
    public static LinkedHashMap<String, Tensor> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + " is " + size + " bytes; NDArray files over 2 GiB are not supported");
        }
        try {
            return decode(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a file is a well-formed NDArray list without reading its weights: the list header, every
     * array's header (magic, storage, rank, dimensions, type), that every array's declared data fits in the
     * file, the keys and the file's exact length. MXNet believes the sizes a params file declares and allocates
     * them before it reads, so a corrupt file can take the whole process down; a file that passes here cannot
     * make it allocate more than the file holds. The file is memory-mapped and only its headers and keys are
     * touched.
     *
     * @return the number of arrays
     * @throws IOException if the file is not a well-formed dense NDArray list, with the offset and the reason
     */
    public static int checkLayout(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(size + " bytes; NDArray files over 2 GiB are not supported");
            }
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new ParamsDecoder(mapped, true).decode().size();
        }
    }

    /** Decodes the bytes from the buffer's position to its limit; the tensors share the buffer's memory. */
    public static LinkedHashMap<String, Tensor> decode(ByteBuffer bytes) throws IOException {
        return new ParamsDecoder(bytes).decode();
    }

    /** Writes {@code params} in their iteration order; MXNet checkpoints use keys such as {@code arg:fc1_weight}. */
    public static void write(Path file, SequencedMap<String, Tensor> params) throws IOException {
        checkWritable(params);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, params);
        }
    }

    /** Writes to a stream without closing it. */
    public static void write(OutputStream out, SequencedMap<String, Tensor> params) throws IOException {
        checkWritable(params);
        WritableByteChannel channel = Channels.newChannel(out);
        ByteBuffer header = littleEndian(24).putLong(LIST_MAGIC).putLong(0).putLong(params.size());
        writeFully(channel, header.flip());
        for (Tensor tensor : params.values()) {
            writeFully(channel, arrayHeader(tensor));
            writeFully(channel, tensor.data());
        }
        writeFully(channel, littleEndian(8).putLong(params.size()).flip());
        for (String key : params.keySet()) {
            byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
            writeFully(channel, littleEndian(8).putLong(utf8.length).flip());
            writeFully(channel, ByteBuffer.wrap(utf8));
        }
        out.flush();
    }

    /** The file's bytes in memory. */
    public static byte[] encode(SequencedMap<String, Tensor> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, params);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    /** The element type of an MXNet type flag. */
    static DataType dataType(int flag) throws IOException {
        if (flag < 0 || flag >= TYPES_BY_FLAG.length) {
            throw new IOException("unknown MXNet type flag " + flag);
        }
        if (TYPES_BY_FLAG[flag] == null) {
            throw new IOException("MXNet type " + FLAG_NAMES[flag] + " (flag " + flag + ") is not supported");
        }
        return TYPES_BY_FLAG[flag];
    }

    /** The byte width of an MXNet type flag, also of types edgeserve cannot hold. */
    static int byteWidth(int flag) throws IOException {
        if (flag < 0 || flag >= BYTE_WIDTHS_BY_FLAG.length) {
            throw new IOException("unknown MXNet type flag " + flag);
        }
        return BYTE_WIDTHS_BY_FLAG[flag];
    }

    static String typeName(int flag) {
        return flag >= 0 && flag < FLAG_NAMES.length ? FLAG_NAMES[flag] : "type " + flag;
    }

    static int typeFlag(DataType type) {
        for (int flag = 0; flag < TYPES_BY_FLAG.length; flag++) {
            if (TYPES_BY_FLAG[flag] == type) {
                return flag;
            }
        }
        throw new IllegalArgumentException("no MXNet type flag for " + type.numpyName());
    }

    // Rank 0 would be written as ndim 0, which MXNet 1.x reads back as an empty ("none") array, not a scalar.
    private static void checkWritable(Map<String, Tensor> params) {
        params.forEach((key, tensor) -> {
            if (tensor.shape().rank() == 0) {
                throw new IllegalArgumentException("'" + key + "' is a scalar; MXNet's V2 encoding cannot hold "
                        + "rank 0 (it means an empty array): reshape it to (1,)");
            }
        });
    }

    private static ByteBuffer arrayHeader(Tensor tensor) {
        long[] dims = tensor.shape().dims();
        ByteBuffer header = littleEndian(4 + 4 + 4 + 8 * dims.length + 4 + 4 + 4);
        header.putInt(V2_MAGIC).putInt(DEFAULT_STORAGE).putInt(dims.length);
        for (long dim : dims) {
            header.putLong(dim);
        }
        // MXNet writes the context the array lived on; every array we write lives on the CPU.
        return header.putInt(CPU_DEVICE_TYPE).putInt(0).putInt(typeFlag(tensor.dataType())).flip();
    }

    private static ByteBuffer littleEndian(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
