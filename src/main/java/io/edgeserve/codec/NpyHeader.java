package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header dictionary of a {@code .npy} array, {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }}: what the bytes after it are. Reading it is as lenient as NumPy (any spacing, trailing
 * commas, {@code 3L}); writing it is byte for byte what {@code np.save} writes, so clients see no difference.
 */
record NpyHeader(DataType dataType, boolean bigEndian, boolean fortranOrder, Shape shape) {

    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([fiub])(\\d+)");
    private static final String SUPPORTED =
            "<f4, <f8, <f2, <i4, <i8, |i1, |u1, |b1 and their big-endian ('>') forms";
    /** NumPy leaves room after the dict so the first axis can grow in place (numpy/lib/format.py). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** Parses the header text, the dict after the magic, version and length, trailing padding included. */
    static NpyHeader parse(String text) {
        Object literal;
        try {
            literal = PythonLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed("the NPY header is not a Python literal: it " + e.getMessage());
        }
        if (!(literal instanceof Map<?, ?> dict)) {
            throw ProblemException.malformed("the NPY header is not a dict");
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw ProblemException.malformed("the NPY header has an unexpected key " + python(key)
                        + "; it may only have 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw ProblemException.malformed("the NPY header has no '" + key + "'");
            }
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw ProblemException.malformed("the NPY header's 'fortran_order' is not True or False");
        }
        Descr descr = Descr.parse(dict.get("descr"));
        return new NpyHeader(descr.type, descr.bigEndian, fortranOrder, shape(dict.get("shape")));
    }

    /** The dict as {@code np.save} writes it, before the padding that aligns the data. */
    String format() {
        // Shape prints as Python prints a tuple of ints: (), (3,), (2, 3)
        String header = "{'descr': '" + descr(dataType) + "', 'fortran_order': False, 'shape': " + shape + ", }";
        if (shape.rank() == 0) {
            return header;
        }
        return header + " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape.dim(0)).length());
    }

    /** The little-endian descr NumPy gives each type, which is also the one we write. */
    static String descr(DataType type) {
        return switch (type) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case FLOAT16 -> "<f2";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case BOOLEAN -> "|b1";
        };
    }

    private static Shape shape(Object value) {
        if (!(value instanceof PythonLiteral.Tuple tuple)) {
            throw ProblemException.malformed("the NPY header's 'shape' is not a tuple: " + python(value));
        }
        List<Long> dims = new ArrayList<>();
        for (Object dim : tuple.items()) {
            if (!(dim instanceof Long length) || length < 0) {
                throw ProblemException.malformed("the NPY header's 'shape' has " + python(dim)
                        + " where a non-negative integer belongs");
            }
            dims.add(length);
        }
        return Shape.of(dims);
    }

    /** A header value as a client would recognise it: Python's spelling for scalars, the kind for the rest. */
    private static String python(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> Detail.quote(s);
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case PythonLiteral.Tuple t -> "a tuple";
            case List<?> l -> "a list";
            default -> "a dict";
        };
    }

    /** A NumPy type string such as {@code <f4}, {@code >i8} or {@code |u1}. */
    private record Descr(DataType type, boolean bigEndian) {

        static Descr parse(Object value) {
            if (value instanceof List<?>) {
                throw ProblemException.malformed("structured NPY dtypes (records with fields) are not supported;"
                        + " send a plain array of one of " + SUPPORTED);
            }
            if (!(value instanceof String text)) {
                throw ProblemException.malformed("the NPY header's 'descr' is not a string: " + python(value));
            }
            Matcher m = DESCR.matcher(text);
            DataType type = m.matches() ? type(m.group(2) + m.group(3)) : null;
            if (type == null) {
                throw ProblemException.malformed("unsupported NPY dtype " + Detail.quote(text) + "; supported: "
                        + SUPPORTED);
            }
            // '|', '=' and no mark mean "not applicable" or "native": NumPy on the little-endian machines
            // that write such files reads them as little-endian, and so do we.
            return new Descr(type, m.group(1).equals(">") && type.byteWidth() > 1);
        }

        private static DataType type(String kindAndWidth) {
            return switch (kindAndWidth) {
                case "f2" -> DataType.FLOAT16;
                case "f4" -> DataType.FLOAT32;
                case "f8" -> DataType.FLOAT64;
                case "i1" -> DataType.INT8;
                case "u1" -> DataType.UINT8;
                case "i4" -> DataType.INT32;
                case "i8" -> DataType.INT64;
                case "b1" -> DataType.BOOLEAN;
                default -> null;
            };
        }
    }
}
