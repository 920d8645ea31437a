package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {

    @Test
    void dict_keepsKeysInOrderWithTheirValues() {
        Object value = PythonLiteral.parse("{'a': True, \"b\": None, 'c': -3, 'd': 'x\\'y'}");

        assertThat(value).isInstanceOfSatisfying(Map.class, dict -> {
            assertThat(dict.keySet()).containsExactly("a", "b", "c", "d");
            assertThat(dict.get("a")).isEqualTo(true);
            assertThat(dict.containsKey("b")).isTrue();
            assertThat(dict.get("b")).isNull();
            assertThat(dict.get("c")).isEqualTo(-3L);
            assertThat(dict.get("d")).isEqualTo("x'y");
        });
    }

    @Test
    void oneTuple_needsItsComma() {
        assertThat(PythonLiteral.parse("(3,)")).isEqualTo(new PythonLiteral.Tuple(List.of(3L)));
        assertThat(PythonLiteral.parse("(3)")).isEqualTo(3L);
    }

    @Test
    void tupleHoldingATuple_isNotMistakenForAOneTuple() {
        assertThat(PythonLiteral.parse("((1, 2))")).isEqualTo(new PythonLiteral.Tuple(List.of(1L, 2L)));
    }

    @Test
    void emptyTuple_isATuple() {
        assertThat(PythonLiteral.parse("( )")).isEqualTo(new PythonLiteral.Tuple(List.of()));
    }

    @Test
    void tupleHoldingNone_keepsIt() {
        assertThat(((PythonLiteral.Tuple) PythonLiteral.parse("(3, None)")).items()).containsExactly(3L, null);
    }

    @Test
    void python2LongSuffix_isAnInteger() {
        assertThat(PythonLiteral.parse("(2L, 3l)")).isEqualTo(new PythonLiteral.Tuple(List.of(2L, 3L)));
    }

    @Test
    void listOfTuples_parsesAsStructuredDescrsDo() {
        assertThat(PythonLiteral.parse("[('x', '<f4'), ('y', '<i4'),]")).isEqualTo(List.of(
                new PythonLiteral.Tuple(List.of("x", "<f4")), new PythonLiteral.Tuple(List.of("y", "<i4"))));
    }

    @Test
    void expression_isRefusedNotEvaluated() {
        assertThatThrownBy(() -> PythonLiteral.parse("__import__('os')"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("found '_' at offset 0 where a value was expected");
    }

    @Test
    void unclosedString_isRefused() {
        assertThatThrownBy(() -> PythonLiteral.parse("{'descr: 1}")).hasMessage("a string is not closed");
    }

    @Test
    void unclosedDict_isRefused() {
        assertThatThrownBy(() -> PythonLiteral.parse("{'a': 1")).hasMessage("ends where '}' was expected");
    }

    @Test
    void integerBeyond64Bits_isRefused() {
        assertThatThrownBy(() -> PythonLiteral.parse("(99999999999999999999,)"))
                .hasMessage("'99999999999999999999' is not an integer that fits 64 bits");
    }

    @Test
    void deepNesting_isRefused() {
        assertThatThrownBy(() -> PythonLiteral.parse("(".repeat(100) + ")".repeat(100)))
                .hasMessage("nested deeper than 16 levels");
    }
}
