package io.edgeserve.inference.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MxnetParamsTest {

    @Test
    void roundTrip_keepsKeysOrderTypesShapesAndValues() throws IOException {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:fc1_weight", Tensor.ofFloats(Shape.of(2, 3), 1, -2, 3.5f, Float.NaN, 0, -0f));
        params.put("arg:fc1_bias", Tensor.ofFloats(Shape.of(2), 0.25f, -7));
        params.put("aux:mean", Tensor.ofDoubles(Shape.of(1, 1, 2), Math.PI, -1e300));
        params.put("aux:steps", Tensor.ofLongs(Shape.of(3), Long.MIN_VALUE, 0, Long.MAX_VALUE));
        params.put("arg:empty", Tensor.ofFloats(Shape.of(0, 4)));
        params.put("arg:half", Tensor.ofFloats(Shape.of(2), 1.5f, 65504).cast(DataType.FLOAT16));
        for (DataType type : new DataType[] {DataType.UINT8, DataType.INT8, DataType.INT32, DataType.BOOLEAN}) {
            params.put("arg:" + type.numpyName(), Tensor.ofFloats(Shape.of(3), 0, 1, 7).cast(type));
        }

        LinkedHashMap<String, Tensor> back = MxnetParams.decode(ByteBuffer.wrap(MxnetParams.encode(params)));

        assertThat(back.keySet()).containsExactlyElementsOf(params.keySet());
        params.forEach((key, tensor) -> {
            assertThat(back.get(key).dataType()).as(key).isEqualTo(tensor.dataType());
            assertThat(back.get(key).shape()).as(key).isEqualTo(tensor.shape());
            assertThat(back.get(key).data()).as(key).isEqualTo(tensor.data());
        });
    }

    @Test
    void write_producesTheDocumentedV2Layout() {
        byte[] bytes = MxnetParams.encode(single("arg:w", Tensor.ofFloats(Shape.of(1, 2), 1, 2)));

        ByteBuffer expected = le(24 + 4 + 4 + 4 + 16 + 12 + 8 + 8 + 8 + 5)
                .putLong(0x112).putLong(0).putLong(1)
                .putInt(0xF993FAC9).putInt(0).putInt(2).putLong(1).putLong(2).putInt(1).putInt(0).putInt(0)
                .putFloat(1).putFloat(2)
                .putLong(1).putLong(5).put("arg:w".getBytes(StandardCharsets.US_ASCII));
        assertThat(bytes).isEqualTo(expected.array());
    }

    @Test
    void write_toFile_readsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m-0000.params");
        MxnetParams.write(file, single("arg:b", Tensor.ofFloats(Shape.of(2), 3, 4)));

        assertThat(MxnetParams.read(file).get("arg:b").toFloatArray()).containsExactly(3, 4);
    }

    @Test
    void write_rejectsScalarsBecauseV2ReadsRankZeroAsEmpty() {
        assertThatThrownBy(() -> MxnetParams.encode(single("arg:s", Tensor.ofFloats(Shape.of(), 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reshape it to (1,)");
    }

    @Test
    void fileWithoutKeys_getsPositionsAsKeys() throws IOException {
        ByteBuffer file = le(24 + 2 * (4 + 4 + 4 + 8 + 12 + 4) + 8)
                .putLong(0x112).putLong(0).putLong(2);
        for (float value : new float[] {5, 6}) {
            file.putInt(0xF993FAC9).putInt(0).putInt(1).putLong(1).putInt(1).putInt(0).putInt(0).putFloat(value);
        }
        file.putLong(0);

        Map<String, Tensor> params = MxnetParams.decode(file.flip());

        assertThat(params.keySet()).containsExactly("0", "1");
        assertThat(params.get("1").toFloatArray()).containsExactly(6);
    }

    @Test
    void readsLegacyAndV1AndV3Encodings() throws IOException {
        ByteBuffer file = le(24 + (4 + 8 + 12 + 4) + (4 + 4 + 16 + 12 + 8) + (4 + 4 + 4 + 8 + 12 + 2) + 8);
        file.putLong(0x112).putLong(0).putLong(3);
        // legacy: ndim as the first word, uint32 dims
        file.putInt(2).putInt(1).putInt(1).putInt(1).putInt(0).putInt(0).putFloat(9);
        // V1: magic, int32 ndim, int64 dims, no storage type
        file.putInt(0xF993FAC8).putInt(2).putLong(1).putLong(2).putInt(1).putInt(0).putInt(4).putInt(-3).putInt(4);
        // V3: as V2, from MXNet in NumPy mode; a GPU context is read like any other
        file.putInt(0xF993FACA).putInt(0).putInt(1).putLong(1).putInt(2).putInt(3).putInt(2)
                .putShort((short) 0x3C00);
        file.putLong(0);

        Map<String, Tensor> params = MxnetParams.decode(file.flip());

        assertThat(params.get("0").shape()).isEqualTo(Shape.of(1, 1));
        assertThat(params.get("0").toFloatArray()).containsExactly(9);
        assertThat(params.get("1").dataType()).isEqualTo(DataType.INT32);
        assertThat(params.get("1").toFloatArray()).containsExactly(-3, 4);
        assertThat(params.get("2").dataType()).isEqualTo(DataType.FLOAT16);
        assertThat(params.get("2").toFloatArray()).containsExactly(1);
    }

    @Test
    void truncatedFile_failsWithIOExceptionAtEveryLength() {
        byte[] whole = MxnetParams.encode(twoArrays());
        for (int length = 0; length < whole.length; length++) {
            ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> MxnetParams.decode(prefix)).as("length %d", length)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("invalid MXNet NDArray file at byte ");
        }
    }

    @Test
    void corruptedBytes_failOnlyWithIOException() {
        byte[] whole = MxnetParams.encode(twoArrays());
        Random random = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                MxnetParams.decode(ByteBuffer.wrap(corrupt));
            } catch (IOException expected) {
                // a clean refusal is the point; anything else escapes and fails the test
            }
        }
    }

    @Test
    void absurdArrayCount_isRefusedBeforeAllocating() {
        ByteBuffer file = le(32).putLong(0x112).putLong(0).putLong(Long.MAX_VALUE).putLong(0).flip();

        assertThatThrownBy(() -> MxnetParams.decode(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("array count 9223372036854775807 cannot fit in the 8 bytes that remain");
    }

    @Test
    void absurdShape_isRefusedWithoutOverflow() {
        ByteBuffer file = le(24 + 12 + 24 + 12 + 8).putLong(0x112).putLong(0).putLong(1)
                .putInt(0xF993FAC9).putInt(0).putInt(3).putLong(1L << 40).putLong(1L << 40).putLong(1L << 40)
                .putInt(1).putInt(0).putInt(0).putLong(0).flip();

        assertThatThrownBy(() -> MxnetParams.decode(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is too large");
    }

    @Test
    void unsupportedContent_isNamedInTheError() {
        assertRefused(header(1).putInt(0xF993FAC9).putInt(1), "sparse storage (type 1, row_sparse)");
        assertRefused(header(1).putInt(0xF993FAC9).putInt(0).putInt(1).putLong(1).putInt(1).putInt(0).putInt(12),
                "bfloat16 (flag 12) is not supported");
        assertRefused(header(1).putInt(0xF993FAC9).putInt(0).putInt(0), "empty (none) array");
        assertRefused(header(1).putInt(0xF993FAC9).putInt(0).putInt(1).putLong(-1), "dimension 0 is -1");
        assertRefused(header(1).putInt(0x12345678), "unknown array magic 0x12345678");
        assertRefused(le(24).putLong(0x113).putLong(0).putLong(0), "magic 0x113, expected 0x112");
    }

    @Test
    void duplicateKeysAndTrailingBytes_areRefused() {
        byte[] twice = MxnetParams.encode(twoArrays());
        byte[] renamed = new String(twice, StandardCharsets.ISO_8859_1).replace("arg:b", "arg:a")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> MxnetParams.decode(ByteBuffer.wrap(renamed)))
                .hasMessageContaining("duplicate key 'arg:a'");
        assertThatThrownBy(() -> MxnetParams.decode(ByteBuffer.wrap(Arrays.copyOf(twice, twice.length + 3))))
                .hasMessageContaining("3 unexpected bytes after the last key");
    }

    private static void assertRefused(ByteBuffer partial, String message) {
        ByteBuffer file = le(partial.position() + 64).put(partial.flip());
        file.putLong(1).putLong(0).putLong(0).putLong(0);
        assertThatThrownBy(() -> MxnetParams.decode(file.flip())).isInstanceOf(IOException.class)
                .hasMessageContaining(message);
    }

    private static ByteBuffer header(long count) {
        return le(256).putLong(0x112).putLong(0).putLong(count);
    }

    private static LinkedHashMap<String, Tensor> twoArrays() {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:a", Tensor.ofFloats(Shape.of(1, 2), 1, -0.5f));
        params.put("arg:b", Tensor.ofFloats(Shape.of(1), 3).cast(DataType.FLOAT16));
        return params;
    }

    private static LinkedHashMap<String, Tensor> single(String key, Tensor tensor) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put(key, tensor);
        return params;
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void checkLayout_acceptsTypesMxnetLoadsThatWeCannotHold_withoutReadingThem(@TempDir Path dir) throws IOException {
        byte[] file = MxnetParams.encode(new LinkedHashMap<>(Map.of("arg:w", Tensor.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6))));
        // The V2 array header's type flag sits after magic, storage, ndim, 2 dims and the context: uint32 (10) is as
        // wide as float32, so the file still adds up.
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 4 + 4 + 4 + 16 + 4 + 4, 10);
        Path params = java.nio.file.Files.write(dir.resolve("uint32.params"), file);

        assertThat(MxnetParams.checkLayout(params)).isEqualTo(1);
        assertThatThrownBy(() -> MxnetParams.read(params)).hasMessageContaining("uint32 (flag 10) is not supported");
    }

    @Test
    void checkLayout_refusesAnArrayLargerThanTheFile(@TempDir Path dir) throws IOException {
        byte[] file = MxnetParams.encode(new LinkedHashMap<>(Map.of("arg:w", Tensor.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6))));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(24 + 12, Long.MAX_VALUE / 3);
        Path params = java.nio.file.Files.write(dir.resolve("huge.params"), file);

        assertThatThrownBy(() -> MxnetParams.checkLayout(params))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("(array 0)")
                .hasMessageContaining("is too large");
    }
}
