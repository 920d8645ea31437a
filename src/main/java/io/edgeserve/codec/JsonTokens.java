package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** What the JSON readers need to say about tokens, in Python's terms. */
final class JsonTokens {

    private JsonTokens() {}

    /**
     * The current number token as a double. Jackson also accepts {@code +Infinity}, {@code INF} and
     * {@code -INF}; Python's {@code json.loads} does not, so neither do we.
     */
    static double pythonNumber(JsonParser parser) {
        if (parser.isNaN()) {
            String text = parser.getText();
            if (!text.equals("NaN") && !text.equals("Infinity") && !text.equals("-Infinity")) {
                throw ProblemException.malformed(Detail.quote(text)
                        + " is not a number; of the non-finite values only NaN, Infinity and -Infinity are accepted");
            }
        }
        return parser.getDoubleValue();
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "'" + token.asString() + "'";
        };
    }
}
