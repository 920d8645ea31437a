package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Float16;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTensorWriterTest {

    private final JsonTensorWriter writer = new JsonTensorWriter();

    @Test
    void oneOutput_isTheBareNestedListWithPythonSeparators() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(2, 2), 1, 2.5f, -0f, 3)))
                .isEqualTo("[[1.0, 2.5], [-0.0, 3.0]]");
    }

    @Test
    void float32_isWidenedToDoubleAndPrintedAsPythonPrintsIt() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(1, 1), (float) 4.99999189))).isEqualTo("[[4.9999918937683105]]");
    }

    @Test
    void linearRegressionOutputs_printAsTheSageMakerContainerPrintsThem() throws IOException {
        Tensor outputs = Tensor.ofFloats(Shape.of(3, 1),
                (float) 4.9999918937683105, (float) 2.4798819140414707e-06, (float) 1.0000076293945312);

        assertThat(write(outputs)).isEqualTo("[[4.9999918937683105], [2.4798819140414707e-06], [1.0000076293945312]]");
    }

    @Test
    void scalar_isABareNumber() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(), 3.5f))).isEqualTo("3.5");
    }

    @Test
    void emptyDimensions_areEmptyLists() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(0)))).isEqualTo("[]");
        assertThat(write(Tensor.ofFloats(Shape.of(2, 0)))).isEqualTo("[[], []]");
    }

    @Test
    void nonFiniteFloats_printAsJsonDumpsPrintsThem() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(3), Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo("[NaN, Infinity, -Infinity]");
    }

    @Test
    void float64_printsItsShortestRepr() throws IOException {
        assertThat(write(Tensor.ofDoubles(Shape.of(3), 0.1, 1e16, 1.5e-7))).isEqualTo("[0.1, 1e+16, 1.5e-07]");
    }

    @Test
    void float16_isWidenedToDouble() throws IOException {
        ByteBuffer halves = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(Float16.fromFloat(1.5f)).putShort(Float16.fromFloat(0.1f)).flip();

        assertThat(write(new Tensor(DataType.FLOAT16, Shape.of(2), halves))).isEqualTo("[1.5, 0.0999755859375]");
    }

    @Test
    void int64_printsExactlyBeyondDoublePrecision() throws IOException {
        assertThat(write(Tensor.ofLongs(Shape.of(2), Long.MAX_VALUE, -3))).isEqualTo("[9223372036854775807, -3]");
    }

    @Test
    void smallIntegerTypes_printTheirValues() throws IOException {
        byte[] bytes = {(byte) 255, 7};

        assertThat(write(new Tensor(DataType.UINT8, Shape.of(2), ByteBuffer.wrap(bytes)))).isEqualTo("[255, 7]");
        assertThat(write(new Tensor(DataType.INT8, Shape.of(2), ByteBuffer.wrap(bytes)))).isEqualTo("[-1, 7]");
    }

    @Test
    void booleans_printAsJsonBooleans() throws IOException {
        assertThat(write(new Tensor(DataType.BOOLEAN, Shape.of(2), ByteBuffer.wrap(new byte[] {1, 0}))))
                .isEqualTo("[true, false]");
    }

    @Test
    void severalOutputs_areAnObjectKeyedByNameInOutputOrder() throws IOException {
        String json = write(List.of(new NamedTensor("scores", Tensor.ofFloats(Shape.of(1, 2), 0.25f, 0.75f)),
                new NamedTensor("label", Tensor.ofLongs(Shape.of(1), 1))));

        assertThat(json).isEqualTo("{\"scores\": [[0.25, 0.75]], \"label\": [1]}");
    }

    @Test
    void outputNames_areEscapedAsJsonDumpsEscapesThem() throws IOException {
        String json = write(List.of(new NamedTensor("a\"b\\", Tensor.ofLongs(Shape.of(), 1)),
                new NamedTensor("é\n", Tensor.ofLongs(Shape.of(), 2))));

        assertThat(json).isEqualTo("{\"a\\\"b\\\\\": 1, \"\\u00e9\\n\": 2}");
    }

    @Test
    void float32Tensor_survivesWriteThenReadBitForBit() throws IOException {
        Random random = new Random(7);
        float[] values = new float[60];
        for (int i = 0; i < values.length; i++) {
            do {
                values[i] = Float.intBitsToFloat(random.nextInt());
            } while (Float.isNaN(values[i])); // NaN payloads are not text; NaN itself is tested above
        }
        Tensor tensor = Tensor.ofFloats(Shape.of(3, 4, 5), values);

        DecodedInput back = new JsonTensorReader(CodecLimits.DEFAULTS)
                .read(new ByteArrayInputStream(write(tensor).getBytes(StandardCharsets.UTF_8)));

        Tensor read = ((DecodedInput.Positional) back).tensors().getFirst();
        assertThat(read.shape()).isEqualTo(tensor.shape());
        assertThat(read.data()).isEqualTo(tensor.data());
    }

    private String write(Tensor tensor) throws IOException {
        return write(List.of(new NamedTensor("output", tensor)));
    }

    private String write(List<NamedTensor> outputs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(outputs, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
