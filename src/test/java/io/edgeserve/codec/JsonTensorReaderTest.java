package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTensorReaderTest {

    private final JsonTensorReader reader = new JsonTensorReader(CodecLimits.DEFAULTS);

    @Test
    void nestedList_becomesOneFloat32TensorOfItsShape() throws IOException {
        Tensor tensor = single(read("[[1, 2, 3], [4, 5.5, -6]]"));

        assertThat(tensor.dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(tensor.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4, 5.5f, -6);
    }

    @Test
    void bodyThatIsNoUnicodeText_isRefusedAsMalformed() {
        // Zero bytes make Jackson read UTF-32, in which 0x8ca3bc00 is no character (found by fuzzing).
        byte[] body = {(byte) 0xaa, 0, 0, 0, 0, (byte) 0xbc, (byte) 0xa4, (byte) 0x8c, '0'};

        assertMalformed(() -> reader.read(new ByteArrayInputStream(body)))
                .hasMessageContaining("not valid JSON text").hasMessageContaining("UTF-32");
    }

    @Test
    void bodyInAnEncodingJacksonCannotRead_isRefusedAsMalformed() {
        // Zero bytes in this order are UCS-4 of an unusual byte order (found by fuzzing).
        byte[] body = {0, 0, 1, 0, 0, 0, 0, 0, 0, 'e', 2};

        assertMalformed(() -> reader.read(new ByteArrayInputStream(body)))
                .hasMessageContaining("not valid JSON text").hasMessageContaining("UCS-4");
    }

    @Test
    void bodyThatCannotBeRead_isAnIoExceptionNotTheClientsMistake() {
        IOException cut = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw cut;
            }
        };

        assertThatThrownBy(() -> reader.read(failing)).isSameAs(cut);
    }

    @Test
    void bareNumber_becomesRankZeroTensor() throws IOException {
        Tensor tensor = single(read("  7.25 "));

        assertThat(tensor.shape()).isEqualTo(Shape.of());
        assertThat(tensor.toFloatArray()).containsExactly(7.25f);
    }

    @Test
    void flatList_becomesRankOneTensor() throws IOException {
        assertThat(single(read("[1, 2, 3]")).shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void emptyList_becomesTensorWithNoElements() throws IOException {
        assertThat(single(read("[]")).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void listOfEmptyLists_keepsBothDimensions() throws IOException {
        assertThat(single(read("[[], []]")).shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void decimal_roundsToFloat32ThroughFloat64AsNumpyThenMxnetDo() throws IOException {
        Tensor tensor = single(read("[4.99999189, 0.1, 16777217]"));

        assertThat(tensor.toFloatArray()).containsExactly((float) 4.99999189, (float) 0.1, 16777216f);
    }

    @Test
    void instances_areTheRowsOfOnePositionalTensor() throws IOException {
        Tensor tensor = single(read("{\"instances\": [[1, 2], [3, 4], [5, 6]]}"));

        assertThat(tensor.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void inputsHoldingAList_isOnePositionalTensor() throws IOException {
        assertThat(single(read("{\"inputs\": [[1, 2]]}")).shape()).isEqualTo(Shape.of(1, 2));
    }

    @Test
    void inputsHoldingAnObject_namesTensorsInBodyOrder() throws IOException {
        DecodedInput input = read("{\"inputs\": {\"b\": [1], \"a\": [[2, 3]]}}");

        assertThat(input).isInstanceOfSatisfying(DecodedInput.Named.class, named -> {
            assertThat(named.tensors().keySet()).containsExactly("b", "a");
            assertThat(named.tensors().get("a").shape()).isEqualTo(Shape.of(1, 2));
        });
    }

    @Test
    void objectKeyedByInputName_isNamedTensorsInBodyOrder() throws IOException {
        DecodedInput input = read("{\"data\": [[1, 2], [3, 4]], \"scale\": 0.5}");

        assertThat(input).isInstanceOfSatisfying(DecodedInput.Named.class, named -> {
            Map<String, Tensor> tensors = named.tensors();
            assertThat(tensors.keySet()).containsExactly("data", "scale");
            assertThat(tensors.get("data").shape()).isEqualTo(Shape.of(2, 2));
            assertThat(tensors.get("scale").toFloatArray()).containsExactly(0.5f);
        });
    }

    @Test
    void inputNamedInstancesInsideInputs_isAnOrdinaryName() throws IOException {
        DecodedInput input = read("{\"inputs\": {\"instances\": [1], \"x\": [2]}}");

        assertThat(((DecodedInput.Named) input).tensors().keySet()).containsExactly("instances", "x");
    }

    @Test
    void pythonNonFiniteTokens_areNumbers() throws IOException {
        Tensor tensor = single(read("[NaN, Infinity, -Infinity]"));

        assertThat(tensor.toFloatArray())
                .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    @Test
    void nonFiniteSpellingsPythonRejects_areRejected() {
        assertMalformed(() -> read("[1, -INF]"))
                .hasMessage("'-INF' is not a number; of the non-finite values only NaN, Infinity and -Infinity"
                        + " are accepted");
    }

    @Test
    void raggedRows_areRejectedNamingTheRow() {
        assertMalformed(() -> read("[[1, 2, 3], [4, 5, 6], [7, 8]]"))
                .hasMessage("the body is not a rectangular array: row 3 has 2 values, row 1 has 3");
    }

    @Test
    void raggedInnerList_isRejectedNamingItsIndexPath() {
        assertMalformed(() -> read("[[[1, 2], [3, 4]], [[5, 6], [7]]]"))
                .hasMessage("the body is not a rectangular array: list [1][1] has 1 element, list [0][0] has 2");
    }

    @Test
    void shorterRowAfterEmptyFirstRow_isRejected() {
        assertMalformed(() -> read("[[], [1]]"))
                .hasMessage("the body is not a rectangular array: row 2 has 1 value, row 1 has 0");
    }

    @Test
    void numberWhereListsAre_isRejectedNamingIt() {
        assertMalformed(() -> read("[[1, 2], 3]"))
                .hasMessage("the body is not a rectangular array: element [1] is a number where [0] is a list");
    }

    @Test
    void listWhereNumbersAre_isRejectedNamingIt() {
        assertMalformed(() -> read("[[1, [2]]]"))
                .hasMessage("the body is not a rectangular array: element [0][1] is a list where [0][0] is a number");
    }

    @Test
    void stringInList_isRejectedNamingTheElement() {
        assertMalformed(() -> read("[[1, \"2\"]]"))
                .hasMessage("the body: element [0][1] is a string, not a number");
    }

    @Test
    void nullInList_isRejected() {
        assertMalformed(() -> read("[1, null]")).hasMessage("the body: element [1] is null, not a number");
    }

    @Test
    void booleanInList_isRejectedThoughPythonWouldTakeItForOne() {
        assertMalformed(() -> read("[true, 0]")).hasMessage("the body: element [0] is a boolean, not a number");
    }

    @Test
    void objectInList_isRejected() {
        assertMalformed(() -> read("[{\"a\": 1}]")).hasMessage("the body: element [0] is an object, not a number");
    }

    @Test
    void stringAsNamedInput_isRejectedNamingTheInput() {
        assertMalformed(() -> read("{\"data\": \"1,2\"}"))
                .hasMessage("input 'data' must be a number or a list of numbers, found a string");
    }

    @Test
    void raggedNamedInput_namesTheInput() {
        assertMalformed(() -> read("{\"data\": [[1], [2, 3]]}"))
                .hasMessageStartingWith("input 'data' is not a rectangular array: row 2 has 2 values");
    }

    @Test
    void nestingAtTheDepthLimit_isAccepted() throws IOException {
        Tensor tensor = single(read("[".repeat(32) + "1" + "]".repeat(32)));

        assertThat(tensor.shape().rank()).isEqualTo(32);
    }

    @Test
    void nestingBeyondTheDepthLimit_isRejected() {
        assertMalformed(() -> read("[".repeat(33) + "1" + "]".repeat(33)))
                .hasMessage("the body nests lists deeper than the 32 levels allowed");
    }

    @Test
    void depthLimit_countsTheEnclosingObjects() {
        assertMalformed(() -> read("{\"inputs\": {\"x\": " + "[".repeat(31) + "1" + "]".repeat(31) + "}}"))
                .hasMessage("input 'x' nests lists deeper than the 30 levels allowed");
    }

    @Test
    void moreNumbersThanTheLimit_areRejected() {
        JsonTensorReader small = new JsonTensorReader(new CodecLimits(32, 5, 8, 100));

        assertMalformed(() -> small.read(body("[[1, 2, 3], [4, 5, 6]]")))
                .hasMessage("the body holds more than 5 numbers, the most one request may carry");
    }

    @Test
    void elementLimit_isSharedByAllNamedInputs() {
        JsonTensorReader small = new JsonTensorReader(new CodecLimits(32, 5, 8, 100));

        assertMalformed(() -> small.read(body("{\"a\": [1, 2, 3], \"b\": [4, 5, 6]}")))
                .hasMessageContaining("more than 5 numbers");
    }

    @Test
    void moreNamedInputsThanTheLimit_areRejected() {
        JsonTensorReader small = new JsonTensorReader(new CodecLimits(32, 100, 2, 100));

        assertMalformed(() -> small.read(body("{\"a\": 1, \"b\": 2, \"c\": 3}")))
                .hasMessage("the body names more than 2 inputs, the most one request may carry");
    }

    @Test
    void repeatedInputName_isRejected() {
        assertMalformed(() -> read("{\"a\": [1], \"a\": [2]}")).hasMessage("input 'a' appears twice");
    }

    @Test
    void wrapperFollowedByAnotherMember_isRejected() {
        assertMalformed(() -> read("{\"instances\": [[1]], \"data\": [1]}"))
                .hasMessage("'instances' must be the only member of the body object, but 'data' follows it");
    }

    @Test
    void wrapperAfterANamedInput_isRejected() {
        assertMalformed(() -> read("{\"data\": [1], \"inputs\": [1]}"))
                .hasMessage("'inputs' must be the only member of the body object, but it follows 'data'");
    }

    @Test
    void instancesThatAreNotAList_areRejected() {
        assertMalformed(() -> read("{\"instances\": {\"x\": [1]}}"))
                .hasMessage("'instances' must be a list of rows, found an object");
    }

    @Test
    void emptyBody_isRejected() {
        assertMalformed(() -> read(" \n")).hasMessage("the JSON body is empty");
    }

    @Test
    void emptyObject_isRejected() {
        assertMalformed(() -> read("{}")).hasMessage("the JSON body is an empty object; it names no inputs");
    }

    @Test
    void topLevelString_isRejected() {
        assertMalformed(() -> read("\"[1, 2]\""))
                .hasMessage("the body must be a number or a list of numbers, found a string");
    }

    @Test
    void truncatedJson_isRejectedSayingWhereItEnds() {
        assertMalformed(() -> read("[[1, 2], [3"))
                .hasMessage("the JSON body ends before its value is complete, at line 1, column 12");
    }

    @Test
    void syntaxError_isReportedWithLineAndColumn() {
        assertMalformed(() -> read("[1,\n 2 3]"))
                .hasMessageStartingWith("the body is not valid JSON: ")
                .hasMessageEndingWith("at line 2, column 4");
    }

    @Test
    void syntaxErrorDetail_namesNoSourceOrClass() {
        assertMalformed(() -> read("[1, x]"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Source", "REDACTED", "tools.jackson"));
    }

    @Test
    void overlongNumber_isRejectedWithoutNamingJavaSettings() {
        assertMalformed(() -> read("[" + "1".repeat(1500) + "]"))
                .hasMessage("the body is not valid JSON: Number value length (1500) exceeds the maximum allowed"
                        + " (1000)");
    }

    @Test
    void overlongInputName_isQuotedOnlyInPart() {
        String name = "k".repeat(5000);

        assertMalformed(() -> read("{\"" + name + "\": [1], \"" + name + "\": [2]}"))
                .hasMessage("input '" + "k".repeat(100) + "...' appears twice");
    }

    @Test
    void contentAfterTheValue_isRejected() {
        assertMalformed(() -> read("[1] [2]"))
                .hasMessage("unexpected content after the JSON value, at line 1, column 5");
    }

    @Test
    void largeList_isReadWhole() throws IOException {
        int count = 300_000;
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(i % 1000).append(".5");
        }
        Tensor tensor = single(read(json.append(']').toString()));

        assertThat(tensor.shape()).isEqualTo(Shape.of(count));
        assertThat(tensor.getDouble(count - 1)).isEqualTo(999.5);
    }

    @Test
    void failureToReadTheStream_isAnIOExceptionNotAProblem() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> reader.read(broken)).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    private DecodedInput read(String json) throws IOException {
        return reader.read(body(json));
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Tensor single(DecodedInput input) {
        assertThat(input).isInstanceOf(DecodedInput.Positional.class);
        assertThat(((DecodedInput.Positional) input).tensors()).hasSize(1);
        return ((DecodedInput.Positional) input).tensors().getFirst();
    }
}
