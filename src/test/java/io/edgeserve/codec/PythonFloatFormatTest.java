package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PythonFloatFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0 | 0.0",
        "-0.0 | -0.0",
        "5.0 | 5.0",
        "100.0 | 100.0",
        "1e16 | 1e+16",
        "1e15 | 1000000000000000.0",
        "1e-5 | 1e-05",
        "0.0001 | 0.0001",
        "123456789.0 | 123456789.0",
        "1.5e300 | 1.5e+300",
        "5e-324 | 5e-324",
        "-5e-324 | -5e-324",
        "2.4798819140414707e-06 | 2.4798819140414707e-06",
        "1e22 | 1e+22",
        "-1.25e-7 | -1.25e-07",
    })
    void repr_laysOutDigitsAsPythonDoes(double value, String python) {
        assertThat(PythonFloatFormat.repr(value)).isEqualTo(python);
    }

    @Test
    void repr_printsNonFiniteValuesAsPythonReprDoes() {
        assertThat(List.of(PythonFloatFormat.repr(Double.NaN), PythonFloatFormat.repr(Double.POSITIVE_INFINITY),
                        PythonFloatFormat.repr(Double.NEGATIVE_INFINITY)))
                .containsExactly("nan", "inf", "-inf");
    }

    @Test
    void repr_ofWidenedFloat32_isTheSageMakerLinearRegressionAnswer() {
        assertThat(PythonFloatFormat.repr((float) 4.99999189)).isEqualTo("4.9999918937683105");
    }

    @Test
    void repr_agreesWithCPythonOnEightThousandReferenceDoubles() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : referenceLines()) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(line.substring(0, space)));
            String expected = line.substring(space + 1);
            String actual = PythonFloatFormat.repr(value);
            if (!actual.equals(expected)) {
                mismatches.add(expected + " printed as " + actual);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(8000);
        assertThat(mismatches).isEmpty();
    }

    private static List<String> referenceLines() throws IOException {
        try (InputStream in = PythonFloatFormatTest.class.getResourceAsStream("/codec/python-float-repr.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
    }
}
