package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

class AcceptNegotiationTest {

    private static final List<MediaType> OFFERED =
            List.of(TensorMediaTypes.JSON, TensorMediaTypes.CSV, TensorMediaTypes.NPY, TensorMediaTypes.NPZ);

    private final AcceptNegotiation negotiation = new AcceptNegotiation(OFFERED, TensorMediaTypes.JSON);

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", ",", "*/*"})
    void noPreference_getsJson(String accept) {
        assertThat(negotiation.choose(accept)).isEqualTo(TensorMediaTypes.JSON);
    }

    @Test
    void noPreference_getsTheConfiguredDefaultType() {
        AcceptNegotiation csvByDefault = new AcceptNegotiation(OFFERED, MediaType.parseMediaType("text/csv"));

        assertThat(csvByDefault.choose("*/*")).isEqualTo(TensorMediaTypes.CSV);
        assertThat(csvByDefault.choose(null)).isEqualTo(TensorMediaTypes.CSV);
    }

    @Test
    void defaultTypeThatIsNotOffered_isAProgrammingError() {
        assertThatThrownBy(() -> new AcceptNegotiation(OFFERED, MediaType.IMAGE_PNG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "application/json | application/json",
        "text/csv | text/csv",
        "application/x-npy | application/x-npy",
        "application/x-npz | application/x-npz",
        "application/* | application/json",
        "text/* | text/csv",
        "Application/JSON | application/json",
        "application/json; charset=utf-8 | application/json",
        "text/csv;q=0.5, application/json;q=0.9 | application/json",
        "application/json;q=0.5, text/csv | text/csv",
        "text/csv, application/json | text/csv",
        "*/*, application/x-npy | application/x-npy",
        "*/*;q=0.8, text/csv;q=0.7 | application/json",
        "application/json;q=0, */* | text/csv",
        "text/*;q=0.1, text/csv;q=0.9, application/x-npz;q=0.5 | text/csv",
        "image/png, text/html;q=0.9, */*;q=0.1 | application/json",
    })
    void acceptHeader_choosesTheBestRatedType(String accept, String expected) {
        assertThat(negotiation.choose(accept)).isEqualTo(MediaType.parseMediaType(expected));
    }

    @Test
    void specificRangeOverridesAWildcard_evenWhenItExcludes() {
        assertThat(negotiation.choose("text/*, text/csv;q=0, application/x-npy;q=0.2"))
                .isEqualTo(TensorMediaTypes.NPY);
    }

    @Test
    void onlyUnsupportedTypes_areNotAcceptableNamingAskedAndOffered() {
        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> negotiation.choose("image/png, text/html"))
                .hasMessage("no media type in Accept 'image/png, text/html' can be produced; available:"
                        + " application/json, text/csv, application/x-npy, application/x-npz")
                .satisfies(e -> assertThat(((ProblemException) e).properties()).containsEntry("available",
                        List.of("application/json", "text/csv", "application/x-npy", "application/x-npz")));
    }

    @Test
    void everyOfferedTypeExcludedByQZero_isNotAcceptable() {
        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> negotiation.choose("application/*;q=0, text/csv;q=0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "application/", "application/json;q=2", "text/csv;q=high", "*/json"})
    void malformedHeader_isABadRequestNamingIt(String accept) {
        assertProblem(ProblemType.INVALID_REQUEST, () -> negotiation.choose(accept))
                .hasMessageStartingWith("the Accept header '" + accept + "' is malformed: ");
    }

    @Test
    void veryLongHeader_isQuotedOnlyInPart() {
        String accept = "image/png, ".repeat(100) + "image/gif";

        assertProblem(ProblemType.NOT_ACCEPTABLE, () -> negotiation.choose(accept))
                .satisfies(e -> assertThat(e.getMessage()).contains(accept.substring(0, 100) + "...'")
                        .doesNotContain(accept));
    }
}
