package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTensorReaderTest {

    private final CsvTensorReader reader = new CsvTensorReader(CodecLimits.DEFAULTS);

    @Test
    void lines_becomeRowsOfOneFloat32Tensor() throws IOException {
        Tensor tensor = read("1,2,3\n4,5.5,-6\n");

        assertThat(tensor.dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4, 5.5f, -6);
    }

    @Test
    void crlfLineEndings_areAccepted() throws IOException {
        Tensor tensor = read("1,2\r\n3,4\r\n");

        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void lastLineWithoutNewline_isARow() throws IOException {
        assertThat(read("1,2\n3,4").shape()).isEqualTo(Shape.of(2, 2));
    }

    @Test
    void spacesAroundCells_areIgnored() throws IOException {
        assertThat(read(" 1 ,\t2 \n3, 4\n").toFloatArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void blankLinesAndComments_areSkippedAsGenfromtxtDoes() throws IOException {
        Tensor tensor = read("\n# features\n1,2 # first\n\n3,4\n\n");

        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void oneLine_isOneRowNotAVector() throws IOException {
        assertThat(read("1,2,3\n").shape()).isEqualTo(Shape.of(1, 3));
    }

    @Test
    void oneColumn_isOneValuePerRow() throws IOException {
        assertThat(read("1\n2\n3\n").shape()).isEqualTo(Shape.of(3, 1));
    }

    @Test
    void pythonFloatSpellings_areNumbers() throws IOException {
        Tensor tensor = read("1e5,.5,5.,+3,-2.5E-3,nan,-inf,Infinity\n");

        assertThat(tensor.toFloatArray()).containsExactly(
                1e5f, 0.5f, 5f, 3f, -2.5e-3f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    @Test
    void decimal_roundsToFloat32ThroughFloat64() throws IOException {
        assertThat(read("4.99999189\n").toFloatArray()).containsExactly((float) 4.99999189);
    }

    @Test
    void textInACell_isRejectedNamingLineAndColumn() {
        assertMalformed(() -> read("1,2,3\n4,5,abc\n")).hasMessage("CSV line 2, column 3: 'abc' is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1.5f", "1d", "1e", "e5", ".", "1..2", "--1", "1_000", "inf1"})
    void javaOnlyOrIncompleteNumbers_areRejected(String cell) {
        assertMalformed(() -> read("1," + cell + "\n")).hasMessage("CSV line 1, column 2: '" + cell
                + "' is not a number (a header line is not supported; send only numbers)");
    }

    @Test
    void headerLine_isRejectedSayingHeadersAreNotSupported() {
        assertMalformed(() -> read("sepal_length,sepal_width\n5.1,3.5\n"))
                .hasMessage("CSV line 1, column 1: 'sepal_length' is not a number"
                        + " (a header line is not supported; send only numbers)");
    }

    @Test
    void longCellText_isAbbreviatedInTheDetail() {
        assertMalformed(() -> read("1," + "x".repeat(500) + "\n"))
                .hasMessage("CSV line 1, column 2: '" + "x".repeat(100) + "...' is not a number"
                        + " (a header line is not supported; send only numbers)");
    }

    @Test
    void emptyCell_isRejectedNamingLineAndColumn() {
        assertMalformed(() -> read("1,2,3\n4,,6\n")).hasMessage("CSV line 2, column 2 is empty");
    }

    @Test
    void trailingComma_isAnEmptyLastCell() {
        assertMalformed(() -> read("1,2,\n")).hasMessage("CSV line 1, column 3 is empty");
    }

    @Test
    void rowsOfDifferentLengths_areRejectedNamingBothLines() {
        assertMalformed(() -> read("\n1,2,3\n4,5\n")).hasMessage("CSV line 3 has 2 values, line 2 has 3");
    }

    @Test
    void emptyBody_isRejected() {
        assertMalformed(() -> read("")).hasMessage("the CSV body is empty");
    }

    @Test
    void bodyOfBlankLines_isRejected() {
        assertMalformed(() -> read("\n \r\n# nothing\n")).hasMessage("the CSV body has no rows of numbers");
    }

    @Test
    void lineLongerThanTheLimit_isRejectedWhileReading() {
        CsvTensorReader narrow = new CsvTensorReader(new CodecLimits(32, 1000, 8, 10));

        assertMalformed(() -> narrow.read(body("1,2\n1,2,3,4,5,6,7\n")))
                .hasMessage("CSV line 2 is longer than 10 characters");
    }

    @Test
    void lineAtTheLimit_isAcceptedWithItsCarriageReturn() throws IOException {
        CsvTensorReader narrow = new CsvTensorReader(new CodecLimits(32, 1000, 8, 9));

        assertThat(single(narrow.read(body("1,2,3,4,5\r\n"))).shape()).isEqualTo(Shape.of(1, 5));
    }

    @Test
    void lineLimit_holdsForALineWithoutAnyNewline() {
        CsvTensorReader narrow = new CsvTensorReader(new CodecLimits(32, 1_000_000, 8, 100));

        assertThatThrownBy(() -> narrow.read(body("1,".repeat(100_000))))
                .hasMessage("CSV line 1 is longer than 100 characters");
    }

    @Test
    void moreNumbersThanTheLimit_areRejected() {
        CsvTensorReader small = new CsvTensorReader(new CodecLimits(32, 5, 8, 100));

        assertMalformed(() -> small.read(body("1,2,3\n4,5,6\n")))
                .hasMessage("the body holds more than 5 numbers, the most one request may carry");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"1e400 | Infinity", "-1e-400 | -0.0", "3.4028235e38 | 3.4028235E38"})
    void outOfRangeValues_roundAsFloat32Does(String cell, float expected) throws IOException {
        assertThat(read(cell + "\n").toFloatArray()).containsExactly(expected);
    }

    private Tensor read(String csv) throws IOException {
        return single(reader.read(body(csv)));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Tensor single(DecodedInput input) {
        assertThat(input).isInstanceOf(DecodedInput.Positional.class);
        return ((DecodedInput.Positional) input).tensors().getFirst();
    }
}
