package io.edgeserve.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomAttributesTest {

    @Test
    void with_replacesThePairAndKeepsTheRest() {
        assertThat(CustomAttributes.with("trace=abc, precision=float16;top_k=3", "precision", "float32"))
                .isEqualTo("trace=abc,precision=float32;top_k=3");
    }

    @Test
    void with_appendsAKeyTheHeaderLacks() {
        assertThat(CustomAttributes.with("trace=abc", "precision", "float32")).isEqualTo("trace=abc,precision=float32");
        assertThat(CustomAttributes.with(null, "precision", "float32")).isEqualTo("precision=float32");
    }

    @Test
    void with_dropsLaterPairsOfTheKey_soThatParseReadsTheNewValue() {
        // Found by CustomAttributesFuzzTest: a second pair after a semicolon used to survive and win in parse.
        String written = CustomAttributes.with("precision=float16,x=1;precision=float64", "precision", "float32");

        assertThat(CustomAttributes.parse(written)).containsEntry("precision", "float32").containsEntry("x", "1");
    }
}
