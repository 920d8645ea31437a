package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvTensorWriterTest {

    private final CsvTensorWriter writer = new CsvTensorWriter();

    @Test
    void rows_areLinesEndingInNewline() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5.5f, -6)))
                .isEqualTo("1.0,2.0,3.0\n4.0,5.5,-6.0\n");
    }

    @Test
    void linearRegressionOutputs_areTheBytesTheSageMakerContainerWrites() throws IOException {
        Tensor outputs = Tensor.ofFloats(Shape.of(3, 1),
                (float) 4.99999189, (float) 2.4798819140414707e-06, (float) 1.0000076293945312);

        assertThat(write(outputs)).isEqualTo(new String(NpyFixtures.resource("linreg-expected.csv"),
                StandardCharsets.US_ASCII));
    }

    @Test
    void float32_printsWidenedNotAsNumpyFloat32Str() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(1, 2), (float) 4.99999189, (float) 2.4798819e-06)))
                .isEqualTo("4.9999918937683105,2.4798819140414707e-06\n");
    }

    @Test
    void vector_isOneValuePerLineAsSavetxtWritesIt() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(3), 1, 2, 3))).isEqualTo("1.0\n2.0\n3.0\n");
    }

    @Test
    void scalar_isOneLine() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(), 0.5f))).isEqualTo("0.5\n");
    }

    @Test
    void rankThreeTensor_hasEachRowFlattenedInCOrder() throws IOException {
        assertThat(write(Tensor.ofLongs(Shape.of(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8))).isEqualTo("1,2,3,4\n5,6,7,8\n");
    }

    @Test
    void nonFiniteFloats_printAsPythonStrPrintsThem() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(1, 3), Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo("nan,inf,-inf\n");
    }

    @Test
    void booleans_printAsPythonBooleans() throws IOException {
        assertThat(write(new Tensor(DataType.BOOLEAN, Shape.of(1, 2), ByteBuffer.wrap(new byte[] {1, 0}))))
                .isEqualTo("True,False\n");
    }

    @Test
    void emptyRows_areEmptyLinesAndNoRowsIsNoText() throws IOException {
        assertThat(write(Tensor.ofFloats(Shape.of(2, 0)))).isEqualTo("\n\n");
        assertThat(write(Tensor.ofFloats(Shape.of(0, 3)))).isEmpty();
    }

    @Test
    void severalOutputs_areNotAcceptableAndPointToFormatsThatHoldThem() {
        List<NamedTensor> outputs = List.of(new NamedTensor("scores", Tensor.ofFloats(Shape.of(1), 1)),
                new NamedTensor("labels", Tensor.ofLongs(Shape.of(1), 2)));

        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> writer.write(outputs, new ByteArrayOutputStream()))
                .hasMessage("text/csv holds one table, but the model returned 2 outputs (scores, labels);"
                        + " accept application/json or application/x-npz instead");
    }

    @Test
    void float32Table_survivesWriteThenReadBitForBit() throws IOException {
        Random random = new Random(11);
        float[] values = new float[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
        }
        Tensor tensor = Tensor.ofFloats(Shape.of(8, 5), values);

        DecodedInput back = new CsvTensorReader(CodecLimits.DEFAULTS)
                .read(new ByteArrayInputStream(write(tensor).getBytes(StandardCharsets.UTF_8)));

        assertThat(((DecodedInput.Positional) back).tensors().getFirst().data()).isEqualTo(tensor.data());
    }

    private String write(Tensor tensor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(List.of(new NamedTensor("output", tensor)), out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
