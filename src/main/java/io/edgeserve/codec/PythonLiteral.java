package io.edgeserve.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that {@code .npy} headers are written in, as NumPy reads
 * them with {@code ast.literal_eval}: dicts, tuples, lists, quoted strings, integers (with Python 2's
 * {@code L} suffix), {@code True}, {@code False} and {@code None}, with any spacing and trailing commas. It
 * evaluates nothing and nests at most {@value #MAX_DEPTH} deep. Errors are {@link IllegalArgumentException}s
 * whose messages say what was found where, fit for a client to read.
 */
final class PythonLiteral {

    private static final int MAX_DEPTH = 16;

    /** A parenthesised tuple, kept apart from a list because NumPy requires the shape to be one. */
    record Tuple(List<Object> items) {
        Tuple {
            // Not List.copyOf: None (null) is an item like any other, as in (3, None).
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }
    }

    private final String text;
    private int position;
    /** Whether the list or tuple just read ended in a comma: what makes {@code (3,)} a tuple. */
    private boolean lastItemHadComma;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /**
     * The value {@code text} spells: a {@code Map}, {@link Tuple}, {@code List}, {@code String}, {@code Long},
     * {@code Boolean}, or {@code null} for {@code None}. Surrounding whitespace is allowed; anything else is not.
     */
    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw parser.unexpected("the end");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth == MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (position == text.length()) {
            throw new IllegalArgumentException("ends where a value was expected");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> dict(depth);
            case '(' -> tuple(depth);
            case '[' -> new ArrayList<>(items(depth, ']'));
            case '\'', '"' -> string(c);
            default -> c == '-' || c == '+' || Character.isDigit(c) ? integer() : name();
        };
    }

    private Map<Object, Object> dict(int depth) {
        position++;
        Map<Object, Object> dict = new LinkedHashMap<>();
        while (!consume('}')) {
            Object key = value(depth + 1);
            expect(':');
            Object previous = dict.put(key, value(depth + 1));
            if (previous != null) {
                throw new IllegalArgumentException("key " + key + " appears twice");
            }
            if (!consume(',')) {
                expect('}');
                break;
            }
        }
        return dict;
    }

    /** {@code ()}, {@code (3,)}, {@code (2, 3)}; but {@code (3)} is just 3, as in Python. */
    private Object tuple(int depth) {
        List<Object> items = items(depth, ')');
        return items.size() == 1 && !lastItemHadComma ? items.getFirst() : new Tuple(items);
    }

    /** Comma-separated values up to {@code close}, the parser on the opening bracket. */
    private List<Object> items(int depth, char close) {
        position++;
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (!consume(close)) {
            items.add(value(depth + 1));
            comma = consume(',');
            if (!comma) {
                expect(close);
                break;
            }
        }
        lastItemHadComma = comma;
        return items;
    }

    private String string(char quote) {
        StringBuilder out = new StringBuilder();
        for (position++; position < text.length(); position++) {
            char c = text.charAt(position);
            if (c == quote) {
                position++;
                return out.toString();
            }
            if (c == '\\' && position + 1 < text.length()) {
                c = text.charAt(++position);
            }
            out.append(c);
        }
        throw new IllegalArgumentException("a string is not closed");
    }

    private Long integer() {
        int start = position;
        if (text.charAt(position) == '-' || text.charAt(position) == '+') {
            position++;
        }
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        String digits = text.substring(start, position);
        if (position < text.length() && (text.charAt(position) == 'L' || text.charAt(position) == 'l')) {
            position++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Detail.quote(digits) + " is not an integer that fits 64 bits");
        }
    }

    private Object name() {
        for (String name : new String[] {"True", "False", "None"}) {
            if (text.startsWith(name, position)) {
                position += name.length();
                return name.equals("None") ? null : name.equals("True");
            }
        }
        throw unexpected("a value");
    }

    private boolean consume(char c) {
        skipSpace();
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw unexpected("'" + c + "'");
        }
    }

    private IllegalArgumentException unexpected(String expected) {
        if (position >= text.length()) {
            return new IllegalArgumentException("ends where " + expected + " was expected");
        }
        return new IllegalArgumentException("found '" + text.charAt(position) + "' at offset " + position
                + " where " + expected + " was expected");
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
