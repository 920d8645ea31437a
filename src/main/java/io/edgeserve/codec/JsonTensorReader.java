package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.Tensor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads {@code application/json} bodies into float32 tensors, as SageMaker's MXNet container does with
 * {@code mx.nd.array(json.loads(body))}. The body may be:
 * <ul>
 *   <li>a number or a nested list of numbers, {@code [[1, 2], [3, 4]]}: one positional tensor;
 *   <li>{@code {"instances": [...]}}: a list of rows, one positional tensor;
 *   <li>{@code {"inputs": <nested list>}}: one positional tensor, or {@code {"inputs": {"name": <nested list>}}};
 *   <li>any other object, {@code {"data": [...], "mask": [...]}}: tensors named by model input.
 * </ul>
 * {@code instances} and {@code inputs} wrap the whole body: next to other members they are rejected rather
 * than guessed at. As in Python's {@code json.loads}, the bare tokens {@code NaN}, {@code Infinity} and
 * {@code -Infinity} are numbers, and integers and decimals become float64 before float32. Unlike the
 * container, booleans are not taken for 1 and 0: a boolean, string, null or object where a number belongs is
 * a 400, as is a ragged list, naming where.
 *
 * <p>The body is streamed, never held as a tree: memory is the float32 values plus the parser's buffer, and
 * nesting depth, element count and input count are bounded by {@link CodecLimits}.
 */
final class JsonTensorReader implements TensorReader {

    private static final String INSTANCES = "instances";
    private static final String INPUTS = "inputs";

    /** As in "(1000, from `StreamReadConstraints.getMaxNumberLength()`)". */
    private static final Pattern JAVA_SETTING = Pattern.compile(", from `[^`]*`");

    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final CodecLimits limits;

    JsonTensorReader(CodecLimits limits) {
        this.limits = limits;
    }

    @Override
    public DecodedInput read(InputStream body) throws IOException {
        ElementBudget budget = new ElementBudget(limits.maxElements());
        WatchedStream watched = new WatchedStream(body);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), watched)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ProblemException.malformed("the JSON body is empty");
            }
            DecodedInput input = first == JsonToken.START_OBJECT
                    ? readObject(parser, budget)
                    : DecodedInput.Positional.of(readValue(parser, 0, "the body", budget));
            if (parser.nextToken() != null) {
                throw ProblemException.malformed("unexpected content after the JSON value, at "
                        + location(parser.currentTokenLocation()));
            }
            return input;
        } catch (JacksonIOException e) {
            // Jackson reports bytes that are no UTF-8, -16 or -32 text through the same wrapper as a failed read.
            if (e.getCause() != watched.failure) {
                throw ProblemException.malformed("the body is not valid JSON text: " + e.getCause().getMessage(), e);
            }
            throw e.getCause();
        } catch (UnexpectedEndOfInputException e) {
            throw ProblemException.malformed("the JSON body ends before its value is complete, at "
                    + location(e.getLocation()), e);
        } catch (StreamReadException e) {
            throw ProblemException.malformed("the body is not valid JSON: " + clientSafe(e.getOriginalMessage())
                    + ", at " + location(e.getLocation()), e);
        } catch (JacksonException e) {
            throw ProblemException.malformed("the body is not valid JSON: " + clientSafe(e.getOriginalMessage()), e);
        }
    }

    /** The body is an object: a wrapper ({@code instances}, {@code inputs}) or inputs keyed by name. */
    private DecodedInput readObject(JsonParser parser, ElementBudget budget) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT) {
            throw ProblemException.malformed("the JSON body is an empty object; it names no inputs");
        }
        String name = parser.currentName();
        if (!isWrapper(name)) {
            return new DecodedInput.Named(readNamed(parser, 1, budget));
        }
        JsonToken value = parser.nextToken();
        DecodedInput input;
        if (name.equals(INPUTS) && value == JsonToken.START_OBJECT) {
            if (parser.nextToken() == JsonToken.END_OBJECT) {
                throw ProblemException.malformed("'inputs' is an empty object; it names no inputs");
            }
            input = new DecodedInput.Named(readNamed(parser, 2, budget));
        } else if (name.equals(INSTANCES) && value != JsonToken.START_ARRAY) {
            throw ProblemException.malformed("'instances' must be a list of rows, found "
                    + JsonTokens.describe(value));
        } else {
            input = DecodedInput.Positional.of(readValue(parser, 1, Detail.quote(name), budget));
        }
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw ProblemException.malformed(Detail.quote(name) + " must be the only member of the body object,"
                    + " but " + Detail.quote(parser.currentName()) + " follows it");
        }
        return input;
    }

    /** Reads members up to the end of the current object; the parser is on the first member's name. */
    private SequencedMap<String, Tensor> readNamed(JsonParser parser, int objectDepth, ElementBudget budget) {
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonToken token = parser.currentToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (objectDepth == 1 && isWrapper(name)) {
                throw ProblemException.malformed(Detail.quote(name) + " must be the only member of the body"
                        + " object, but it follows " + Detail.quote(tensors.firstEntry().getKey()));
            }
            if (tensors.containsKey(name)) {
                throw ProblemException.malformed("input " + Detail.quote(name) + " appears twice");
            }
            if (tensors.size() == limits.maxInputs()) {
                throw ProblemException.malformed("the body names more than " + limits.maxInputs()
                        + " inputs, the most one request may carry");
            }
            parser.nextToken();
            tensors.put(name, readValue(parser, objectDepth, "input " + Detail.quote(name), budget));
        }
        return tensors;
    }

    private Tensor readValue(JsonParser parser, int enclosingDepth, String subject, ElementBudget budget) {
        return NestedListReader.read(parser, limits.maxNestingDepth() - enclosingDepth, subject, budget);
    }

    private static boolean isWrapper(String name) {
        return name.equals(INSTANCES) || name.equals(INPUTS);
    }

    /**
     * Jackson's messages say what was wrong in the client's terms, but for the odd description of the input
     * source or the Java setting behind a limit; those parts go.
     */
    private static String clientSafe(String message) {
        int source = message.indexOf("[Source:");
        String withoutSource = source < 0 ? message : message.substring(0, source).stripTrailing();
        return JAVA_SETTING.matcher(withoutSource).replaceAll("");
    }

    /** The body, remembering the failure of a read from it: the one {@code IOException} that is not the client's. */
    private static final class WatchedStream extends FilterInputStream {

        private IOException failure;

        WatchedStream(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    private static String location(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
