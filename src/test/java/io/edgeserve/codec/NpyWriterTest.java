package io.edgeserve.codec;

import static io.edgeserve.codec.NpyFixtures.resource;
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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyWriterTest {

    private final NpyWriter writer = new NpyWriter();
    private final NpyReader reader = new NpyReader(CodecLimits.DEFAULTS);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f4_2x3.npy", "f8_2x3.npy", "f2_2x3.npy", "i1_2x3.npy", "u1_2x3.npy", "i4_2x3.npy",
        "i8_2x3.npy", "b1_2x3.npy", "f4_scalar.npy", "f4_1d.npy", "f4_empty_0x3.npy"})
    void writtenBytes_areWhatNumpySaveWrites(String file) throws IOException {
        byte[] numpy = resource(file);

        assertThat(write(read(numpy))).isEqualTo(numpy);
    }

    @Test
    void bigEndianFortranInput_isWrittenLittleEndianInCOrder() throws IOException {
        assertThat(write(read(resource("f8_be_fortran_2x3.npy")))).isEqualTo(resource("f8_2x3.npy"));
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyType_survivesWriteThenRead(DataType type) throws IOException {
        Tensor tensor = randomTensor(type, Shape.of(3, 1, 4));

        Tensor back = read(write(tensor));

        assertThat(back.dataType()).isEqualTo(type);
        assertThat(back.shape()).isEqualTo(tensor.shape());
        assertThat(back.data()).isEqualTo(tensor.data());
    }

    @ParameterizedTest(name = "first dimension {0}, rank {1}")
    @CsvSource({"0, 1", "9, 2", "12345, 3", "1000000000000, 5", "7, 13"})
    void data_startsOnA64ByteBoundary(long firstDim, int rank) {
        long[] dims = new long[rank];
        dims[0] = firstDim;
        Tensor empty = new Tensor(DataType.FLOAT32, Shape.of(dims), ByteBuffer.allocate(0));

        byte[] header = NpyWriter.header(empty);

        assertThat(header.length % 64).isZero();
        assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void severalOutputs_areNotAcceptableAndPointToFormatsThatHoldThem() {
        List<NamedTensor> outputs = List.of(new NamedTensor("scores", Tensor.ofFloats(Shape.of(1), 1)),
                new NamedTensor("labels", Tensor.ofLongs(Shape.of(1), 2)));

        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> writer.write(outputs, new ByteArrayOutputStream()))
                .hasMessage("application/x-npy holds one array, but the model returned 2 outputs (scores, labels);"
                        + " accept application/x-npz or application/json instead");
    }

    private byte[] write(Tensor tensor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(List.of(new NamedTensor("output", tensor)), out);
        return out.toByteArray();
    }

    private Tensor read(byte[] npy) throws IOException {
        return ((DecodedInput.Positional) reader.read(new ByteArrayInputStream(npy))).tensors().getFirst();
    }

    static Tensor randomTensor(DataType type, Shape shape) {
        byte[] bytes = new byte[Math.toIntExact(shape.size() * type.byteWidth())];
        new Random(42).nextBytes(bytes);
        if (type == DataType.BOOLEAN) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (bytes[i] & 1);
            }
        }
        return new Tensor(type, shape, ByteBuffer.wrap(bytes));
    }
}
