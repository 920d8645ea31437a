package io.edgeserve.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelledAnswerTest {

    @Test
    void nothingGiven_isTheDefault() {
        assertThat(LabelledAnswer.requestedTopK(null, null)).isNull();
        assertThat(LabelledAnswer.requestedTopK(null, "trace=abc")).isNull();
    }

    @Test
    void queryParameter_isRead() {
        assertThat(LabelledAnswer.requestedTopK("3", null)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"top_k=2", "trace=abc,top_k=2", "trace=abc; top_k = 2", "x=1;top_k=2,y=3"})
    void customAttribute_isReadAmongOthers(String attributes) {
        assertThat(LabelledAnswer.requestedTopK(null, attributes)).isEqualTo(2);
    }

    @Test
    void queryParameter_winsOverTheCustomAttribute() {
        assertThat(LabelledAnswer.requestedTopK("1", "top_k=4")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "three", "2.5", ""})
    void notAPositiveWholeNumber_is400(String value) {
        assertThatThrownBy(() -> LabelledAnswer.requestedTopK(null, "top_k=" + value))
                .isInstanceOf(ProblemException.class)
                .hasMessage("top_k must be a whole number of at least 1, was '" + value + "'");
    }
}
