package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;

/**
 * Request and response bodies by media type: what the HTTP layer calls to turn a body into tensors, to
 * choose a response type from {@code Accept}, and to write outputs. It speaks the SageMaker MXNet
 * container's formats ({@code application/json}, {@code text/csv}, {@code application/x-npy}) the way that
 * container does, and NumPy's {@code application/x-npz} for several named tensors. Stateless and
 * thread-safe; a plain class, so that tests and configuration construct it directly.
 *
 * <p>Every malformed body is a 400 {@code ProblemException} whose detail says what was wrong where; an
 * unsupported {@code Content-Type} is a 415, an {@code Accept} that nothing satisfies a 406. Decoding does
 * not bind tensors to a model: names, shapes and element types are the caller's business.
 */
public final class TensorCodec {

    private static final List<MediaType> TYPES =
            List.of(TensorMediaTypes.JSON, TensorMediaTypes.CSV, TensorMediaTypes.NPY, TensorMediaTypes.NPZ);

    private final Map<MediaType, TensorReader> readers = new LinkedHashMap<>();
    private final Map<MediaType, TensorWriter> writers = new LinkedHashMap<>();
    private final AcceptNegotiation negotiation;

    /** Default limits; JSON for clients that accept anything. */
    public TensorCodec() {
        this(CodecLimits.DEFAULTS, TensorMediaTypes.JSON);
    }

    /**
     * @param defaultResponseType what a request without {@code Accept}, or accepting anything, gets: one of
     *     {@link #supportedResponseTypes()}, as SageMaker's {@code SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT}
     */
    public TensorCodec(CodecLimits limits, MediaType defaultResponseType) {
        Objects.requireNonNull(limits, "limits");
        readers.put(TensorMediaTypes.JSON, new JsonTensorReader(limits));
        readers.put(TensorMediaTypes.CSV, new CsvTensorReader(limits));
        readers.put(TensorMediaTypes.NPY, new NpyReader(limits));
        readers.put(TensorMediaTypes.NPZ, new NpzReader(limits));
        writers.put(TensorMediaTypes.JSON, new JsonTensorWriter());
        writers.put(TensorMediaTypes.CSV, new CsvTensorWriter());
        writers.put(TensorMediaTypes.NPY, new NpyWriter());
        writers.put(TensorMediaTypes.NPZ, new NpzWriter());
        this.negotiation = new AcceptNegotiation(TYPES, defaultResponseType);
    }

    /**
     * Decodes a request body. Parameters of {@code contentType} such as {@code charset} are ignored.
     *
     * @param contentType the request's {@code Content-Type}, or null if it had none (a 415)
     * @param body read to its end; it may be closed
     * @throws ProblemException 400 for a malformed body, 415 for an unsupported or missing type
     * @throws IOException if the body cannot be read, which is not the client's mistake to report
     */
    public DecodedInput read(MediaType contentType, InputStream body) throws IOException {
        if (contentType == null) {
            throw unsupported("the request has no Content-Type");
        }
        TensorReader reader = find(readers, contentType);
        if (reader == null) {
            throw unsupported("Content-Type '" + contentType + "' is not supported");
        }
        return reader.read(body);
    }

    /**
     * Chooses the response type for an {@code Accept} header value, see {@link AcceptNegotiation}.
     *
     * @param accept the header, or null if there was none
     * @return one of {@link #supportedResponseTypes()}, without parameters
     * @throws ProblemException 406 if the header accepts none of them, 400 if it does not parse
     */
    public MediaType negotiate(String accept) {
        return negotiation.choose(accept);
    }

    /**
     * Writes outputs in a type {@link #negotiate(String)} chose, flushing but not closing {@code out}.
     *
     * @param outputs at least one, with distinct names, in the order the model declares them
     * @return the number of bytes written
     * @throws ProblemException 406 if the type cannot carry this many outputs (CSV and NPY hold one),
     *     thrown before anything is written
     */
    public long write(MediaType responseType, List<NamedTensor> outputs, OutputStream out) throws IOException {
        TensorWriter writer = find(writers, responseType);
        if (writer == null) {
            throw new IllegalArgumentException(responseType + " is not one of " + TYPES);
        }
        requireDistinctNames(outputs);
        ByteCountingOutputStream counted = new ByteCountingOutputStream(out);
        writer.write(outputs, counted);
        counted.flush();
        return counted.count;
    }

    public List<MediaType> supportedRequestTypes() {
        return TYPES;
    }

    public List<MediaType> supportedResponseTypes() {
        return TYPES;
    }

    private static <T> T find(Map<MediaType, T> byType, MediaType type) {
        for (Map.Entry<MediaType, T> entry : byType.entrySet()) {
            if (entry.getKey().equalsTypeAndSubtype(type)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static ProblemException unsupported(String what) {
        List<String> supported = TYPES.stream().map(MediaType::toString).toList();
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, what + "; send one of "
                + String.join(", ", supported)).with("supported", supported);
    }

    private static void requireDistinctNames(List<NamedTensor> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no outputs to write");
        }
        Set<String> names = new HashSet<>();
        for (NamedTensor output : outputs) {
            if (!names.add(output.name())) {
                throw new IllegalArgumentException("output '" + output.name() + "' appears twice in "
                        + outputs.stream().map(NamedTensor::name).collect(Collectors.joining(", ")));
            }
        }
    }

    /** Counts what passes through, for the response-size metric. */
    private static final class ByteCountingOutputStream extends FilterOutputStream {
        private long count;

        ByteCountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
