package io.edgeserve.codec;

import static io.edgeserve.codec.NpyFixtures.littleEndianFloats;
import static io.edgeserve.codec.NpyFixtures.npy;
import static io.edgeserve.codec.NpyFixtures.resource;
import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {

    private final NpyReader reader = new NpyReader(CodecLimits.DEFAULTS);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "f4_2x3.npy, FLOAT32, 0|1.5|3|4.5|6|7.5",
        "f8_2x3.npy, FLOAT64, 0|1.5|3|4.5|6|7.5",
        "f2_2x3.npy, FLOAT16, 0|1.5|3|4.5|6|7.5",
        "i1_2x3.npy, INT8, -3|-2|-1|0|1|2",
        "u1_2x3.npy, UINT8, 250|251|252|253|254|255",
        "i4_2x3.npy, INT32, -3|-2|-1|0|1|2",
        "i8_2x3.npy, INT64, -3|-2|-1|0|1|2",
        "b1_2x3.npy, BOOLEAN, 1|0|1|0|1|0",
    })
    void numpyFile_isReadWithItsTypeShapeAndValues(String file, DataType type, String values) throws IOException {
        Tensor tensor = read(resource(file));

        assertThat(tensor.dataType()).isEqualTo(type);
        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(doubles(tensor)).containsExactly(
                Arrays.stream(values.split("\\|")).mapToDouble(Double::parseDouble).toArray());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "f4_be_2x3.npy, f4_2x3.npy",
        "f8_be_2x3.npy, f8_2x3.npy",
        "f2_be_2x3.npy, f2_2x3.npy",
        "i4_be_2x3.npy, i4_2x3.npy",
        "i8_be_2x3.npy, i8_2x3.npy",
    })
    void bigEndianFile_isReadAsItsLittleEndianTwin(String bigEndian, String littleEndian) throws IOException {
        Tensor big = read(resource(bigEndian));
        Tensor little = read(resource(littleEndian));

        assertThat(big.dataType()).isEqualTo(little.dataType());
        assertThat(big.data()).isEqualTo(little.data());
    }

    @Test
    void fortranOrderFile_isReadInCOrder() throws IOException {
        Tensor tensor = read(resource("f4_fortran_2x3x4.npy"));

        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(doubles(tensor)).containsExactly(LongStream.range(0, 24).asDoubleStream().toArray());
    }

    @Test
    void bigEndianFortranFile_isReadLittleEndianInCOrder() throws IOException {
        assertThat(read(resource("f8_be_fortran_2x3.npy")).data()).isEqualTo(read(resource("f8_2x3.npy")).data());
    }

    @Test
    void emptyShape_isARankZeroScalar() throws IOException {
        Tensor tensor = read(resource("f4_scalar.npy"));

        assertThat(tensor.shape()).isEqualTo(Shape.of());
        assertThat(tensor.toFloatArray()).containsExactly(4.5f);
    }

    @Test
    void oneTupleShape_isRankOne() throws IOException {
        assertThat(read(resource("f4_1d.npy")).toFloatArray()).containsExactly(1, -2, 3.5f);
    }

    @Test
    void arrayWithAZeroDimension_hasNoElements() throws IOException {
        assertThat(read(resource("f4_empty_0x3.npy")).shape()).isEqualTo(Shape.of(0, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2_f4_2x3.npy", "v3_f4_2x3.npy"})
    void laterFormatVersions_areRead(String file) throws IOException {
        assertThat(read(resource(file)).data()).isEqualTo(read(resource("f4_2x3.npy")).data());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr':'<f4','fortran_order':False,'shape':(2,)}",
        "{ 'shape' : ( 2 , ) , 'fortran_order' : False , 'descr' : '<f4' , }\n",
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,)}   \n",
        "{'descr': 'f4', 'fortran_order': False, 'shape': (2,)}",
        "{'descr': '=f4', 'fortran_order': False, 'shape': (2,)}",
        "{'descr': '|f4', 'fortran_order': False, 'shape': (2,)}",
    })
    void headerSpellingsNumpyAccepts_areRead(String header) throws IOException {
        assertThat(read(npy(header, littleEndianFloats(1, 2))).toFloatArray()).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"|u1", "<u1", ">u1", "=u1", "u1"})
    void byteOrderMarkOfASingleByteType_doesNotMatter(String descr) throws IOException {
        Tensor tensor = read(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,)}",
                new byte[] {7, (byte) 200}));

        assertThat(tensor.dataType()).isEqualTo(DataType.UINT8);
        assertThat(doubles(tensor)).containsExactly(7, 200);
    }

    @Test
    void parenthesisedIntegerShape_isNotATuple() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}",
                littleEndianFloats(1, 2))))
                .hasMessage("the NPY header's 'shape' is not a tuple: 2");
    }

    @Test
    void emptyBody_isRejected() {
        assertMalformed(() -> read(new byte[0])).hasMessage("the NPY body is empty");
    }

    @Test
    void bodyThatIsNotNpy_isRejected() {
        assertMalformed(() -> read("[[1, 2]]".getBytes()))
                .hasMessage("NPY data must start with \\x93NUMPY; this does not");
    }

    @Test
    void truncatedMagic_isRejectedSayingHowFarItGot() {
        assertMalformed(() -> read(Arrays.copyOf(resource("f4_2x3.npy"), 4)))
                .hasMessage("NPY magic and version truncated after 4 bytes of 8");
    }

    @Test
    void truncatedHeaderLength_isRejected() {
        assertMalformed(() -> read(Arrays.copyOf(resource("f4_2x3.npy"), 9)))
                .hasMessage("NPY header length truncated after 1 byte of 2");
    }

    @Test
    void truncatedHeader_isRejectedSayingHowFarItGot() {
        assertMalformed(() -> read(Arrays.copyOf(resource("f4_2x3.npy"), 17)))
                .hasMessage("NPY header truncated after 7 bytes; it declares 118");
    }

    @Test
    void truncatedData_isRejectedSayingWhatWasNeeded() {
        byte[] file = resource("f4_2x3.npy");

        assertMalformed(() -> read(Arrays.copyOf(file, file.length - 4)))
                .hasMessage("NPY data truncated after 20 bytes; a float32 array of shape (2, 3) needs 24");
    }

    @Test
    void bytesAfterTheData_areRejected() {
        byte[] file = resource("f4_2x3.npy");

        assertMalformed(() -> read(Arrays.copyOf(file, file.length + 3)))
                .hasMessage("NPY has bytes after the 24 its header declares; send one array per body");
    }

    @Test
    void unknownFormatVersion_isRejected() {
        byte[] file = resource("f4_2x3.npy");
        file[6] = 4;

        assertMalformed(() -> read(file))
                .hasMessage("unsupported NPY format version 4.0; versions 1.0, 2.0 and 3.0 are read");
    }

    @Test
    void objectArray_isRejectedNamingItsDtype() {
        assertMalformed(() -> read(resource("object.npy"))).hasMessageStartingWith("unsupported NPY dtype '|O';");
    }

    @Test
    void complexArray_isRejectedNamingItsDtype() {
        assertMalformed(() -> read(resource("complex.npy")))
                .hasMessage("unsupported NPY dtype '<c8'; supported: <f4, <f8, <f2, <i4, <i8, |i1, |u1, |b1"
                        + " and their big-endian ('>') forms");
    }

    @Test
    void structuredArray_isRejected() {
        assertMalformed(() -> read(resource("structured.npy")))
                .hasMessageStartingWith("structured NPY dtypes (records with fields) are not supported;");
    }

    @Test
    void integerTypeWeDoNotHave_isRejectedNamingIt() {
        assertMalformed(() -> read(npy("{'descr': '<u2', 'fortran_order': False, 'shape': (1,)}", new byte[2])))
                .hasMessageStartingWith("unsupported NPY dtype '<u2';");
    }

    @Test
    void headerMissingAKey_isRejectedNamingIt() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'shape': (1,)}", new byte[4])))
                .hasMessage("the NPY header has no 'fortran_order'");
    }

    @Test
    void headerWithAnExtraKey_isRejectedNamingIt() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
                new byte[4])))
                .hasMessage("the NPY header has an unexpected key 'x'; it may only have 'descr', 'fortran_order'"
                        + " and 'shape'");
    }

    @Test
    void negativeDimension_isRejected() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}",
                new byte[0])))
                .hasMessage("the NPY header's 'shape' has -1 where a non-negative integer belongs");
    }

    @Test
    void nestedTupleInShape_isRejectedInPythonTerms() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ((1, 2),)}",
                new byte[8])))
                .hasMessage("the NPY header's 'shape' has a tuple where a non-negative integer belongs");
    }

    @Test
    void shapeGivenAsAList_isRejected() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", new byte[8])))
                .hasMessage("the NPY header's 'shape' is not a tuple: a list");
    }

    @Test
    void noneInShape_isRejectedInPythonTerms() {
        // Found by fuzzing: None in a tuple failed as a NullPointerException, a 500.
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, None)}", new byte[12])))
                .hasMessage("the NPY header's 'shape' has None where a non-negative integer belongs");
    }

    @Test
    void fortranOrderThatIsNotABoolean_isRejected() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", new byte[4])))
                .hasMessage("the NPY header's 'fortran_order' is not True or False");
    }

    @Test
    void headerThatIsNotALiteral_isRejectedSayingWhere() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) + (2,)}",
                new byte[4])))
                .hasMessage("the NPY header is not a Python literal: it found '+' at offset 55 where '}' was"
                        + " expected");
    }

    @Test
    void headerLongerThanNumpyAllows_isRejected() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"
                + " ".repeat(10_000), new byte[4])))
                .hasMessage("NPY header of 10055 bytes is longer than the 10000 allowed");
    }

    @Test
    void shapeBeyondTheElementLimit_isRejectedBeforeReadingData() {
        assertMalformed(() -> read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 1000)}",
                new byte[8])))
                .hasMessage("the body holds more than 16777216 numbers, the most one request may carry");
    }

    @Test
    void shapeWhoseSizeOverflows_isRejected() {
        assertMalformed(() -> read(npy("{'descr': '<f8', 'fortran_order': False,"
                + " 'shape': (4611686018427387904, 4)}", new byte[8])))
                .hasMessage("NPY shape (4611686018427387904, 4) is too large for one array");
    }

    private Tensor read(byte[] body) throws IOException {
        DecodedInput input = reader.read(new ByteArrayInputStream(body));
        assertThat(input).isInstanceOf(DecodedInput.Positional.class);
        return ((DecodedInput.Positional) input).tensors().getFirst();
    }

    private static double[] doubles(Tensor tensor) {
        return LongStream.range(0, tensor.size()).mapToDouble(tensor::getDouble).toArray();
    }
}
