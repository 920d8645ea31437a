package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

class TensorCodecTest {

    private static final List<String> ALL_TYPES =
            List.of("application/json", "text/csv", "application/x-npy", "application/x-npz");

    private final TensorCodec codec = new TensorCodec();

    @Test
    void linearRegressionRequest_decodesToTheRowTheModelExpects() throws IOException {
        DecodedInput input = read("application/json", "[[1, 2]]");

        Tensor tensor = ((DecodedInput.Positional) input).tensors().getFirst();
        assertThat(tensor.shape()).isEqualTo(Shape.of(1, 2));
        assertThat(tensor.toFloatArray()).containsExactly(1, 2);
    }

    @Test
    void contentTypeParameters_areIgnored() throws IOException {
        DecodedInput input = read("application/json; charset=UTF-8", "[1]");

        assertThat(input).isInstanceOf(DecodedInput.Positional.class);
    }

    @Test
    void csvBody_isReadByTheCsvReader() throws IOException {
        DecodedInput input = read("text/csv", "1,2\n3,4\n");

        assertThat(((DecodedInput.Positional) input).tensors().getFirst().shape()).isEqualTo(Shape.of(2, 2));
    }

    @Test
    void npyBody_isReadByTheNpyReader() throws IOException {
        DecodedInput input = codec.read(TensorMediaTypes.NPY,
                new ByteArrayInputStream(NpyFixtures.resource("f4_1d.npy")));

        assertThat(((DecodedInput.Positional) input).tensors().getFirst().toFloatArray()).containsExactly(1, -2, 3.5f);
    }

    @Test
    void npzBody_isReadAsNamedTensors() throws IOException {
        DecodedInput input = codec.read(TensorMediaTypes.NPZ,
                new ByteArrayInputStream(NpyFixtures.resource("two_arrays.npz")));

        assertThat(((DecodedInput.Named) input).tensors().keySet()).containsExactly("data", "mask");
    }

    @Test
    void unsupportedContentType_isA415NamingItAndListingTheSupported() {
        assertProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, () -> read("application/x-www-form-urlencoded", "a=1"))
                .hasMessage("Content-Type 'application/x-www-form-urlencoded' is not supported; send one of"
                        + " application/json, text/csv, application/x-npy, application/x-npz")
                .satisfies(e -> assertThat(((ProblemException) e).properties()).containsEntry("supported", ALL_TYPES));
    }

    @Test
    void missingContentType_isA415() {
        assertProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                () -> codec.read(null, new ByteArrayInputStream(new byte[0])))
                .hasMessageStartingWith("the request has no Content-Type; send one of application/json");
    }

    @Test
    void negotiate_choosesFromTheAcceptHeader() {
        assertThat(codec.negotiate("text/csv;q=0.5, application/x-npy")).isEqualTo(TensorMediaTypes.NPY);
    }

    @Test
    void configuredDefaultResponseType_isWhatAnyAcceptGets() {
        TensorCodec csvByDefault = new TensorCodec(CodecLimits.DEFAULTS, TensorMediaTypes.CSV);

        assertThat(csvByDefault.negotiate("*/*")).isEqualTo(TensorMediaTypes.CSV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/csv", "application/x-npy", "application/x-npz"})
    void write_returnsTheNumberOfBytesWritten(String type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = codec.write(MediaType.parseMediaType(type),
                List.of(new NamedTensor("y", Tensor.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6))), out);

        assertThat(written).isPositive().isEqualTo(out.size());
    }

    @Test
    void write_producesTheSageMakerAnswerForTheLinearRegressionModel() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        codec.write(codec.negotiate(null), List.of(new NamedTensor("output",
                Tensor.ofFloats(Shape.of(1, 1), (float) 4.9999918937683105))), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[[4.9999918937683105]]");
    }

    @Test
    void jsonReadThenWritten_isWhatAFloat32RoundTripInNumpyGives() throws IOException {
        // json.dumps(np.array(json.loads(body), dtype=np.float32).tolist())
        assertThat(roundTrip("[[1.5, -2.0], [0.25, 1024.0], [-0.0, 6e-08], [0.1, 1e+20]]"))
                .isEqualTo("[[1.5, -2.0], [0.25, 1024.0], [-0.0, 5.99999978589949e-08],"
                        + " [0.10000000149011612, 1.0000000200408773e+20]]");
    }

    @Test
    void severalOutputsAsCsv_areNotAcceptableAndNothingIsWritten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<NamedTensor> outputs = List.of(new NamedTensor("a", Tensor.ofFloats(Shape.of(1), 1)),
                new NamedTensor("b", Tensor.ofFloats(Shape.of(1), 2)));

        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> codec.write(TensorMediaTypes.CSV, outputs, out));
        assertThat(out.size()).isZero();
    }

    @Test
    void writingATypeNotOffered_isAProgrammingError() {
        assertThatThrownBy(() -> codec.write(MediaType.IMAGE_PNG,
                List.of(new NamedTensor("a", Tensor.ofFloats(Shape.of(1), 1))), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingNoOutputs_isAProgrammingError() {
        assertThatThrownBy(() -> codec.write(TensorMediaTypes.JSON, List.of(), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingTwoOutputsOfOneName_isAProgrammingError() {
        NamedTensor output = new NamedTensor("a", Tensor.ofFloats(Shape.of(1), 1));

        assertThatThrownBy(() -> codec.write(TensorMediaTypes.JSON, List.of(output, output),
                new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("output 'a' appears twice in a, a");
    }

    @Test
    void supportedTypes_areListedForDocumentation() {
        assertThat(codec.supportedRequestTypes()).map(MediaType::toString).containsExactlyElementsOf(ALL_TYPES);
        assertThat(codec.supportedResponseTypes()).map(MediaType::toString).containsExactlyElementsOf(ALL_TYPES);
    }

    private String roundTrip(String json) throws IOException {
        Tensor tensor = ((DecodedInput.Positional) read("application/json", json)).tensors().getFirst();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(TensorMediaTypes.JSON, List.of(new NamedTensor("y", tensor)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private DecodedInput read(String contentType, String body) throws IOException {
        return codec.read(MediaType.parseMediaType(contentType),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
