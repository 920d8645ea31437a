package io.edgeserve.sagemaker;

import io.edgeserve.codec.TensorCodec;
import io.edgeserve.codec.DecodedInput;
import io.edgeserve.codec.NamedTensor;
import io.edgeserve.codec.TensorMediaTypes;
import io.edgeserve.model.InputBinding;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * One inference from body to body, whichever endpoint it came through: negotiates the answer's media type,
 * finds the model, decodes and binds the body, waits for the batcher and encodes the outputs. Cheap checks
 * come first, so a request that would be refused costs no decoding and no inference.
 */
@Service
public class InvocationService {

    private final ModelRegistry registry;
    private final TensorCodec codecs;

    public InvocationService(ModelRegistry registry, TensorCodec codecs) {
        this.registry = registry;
        this.codecs = codecs;
    }

    /** An inference request as it arrived. */
    public record Invocation(String targetModel, String contentType, String accept, InputStream body,
                             long declaredLength, long maxBytes, Duration timeout) {}

    /** The encoded answer and the model that gave it. */
    public record Answer(MediaType contentType, byte[] body, String model) {}

    /** A request decoded and bound to its model's inputs, not yet run: a streamed answer runs it in parts. */
    public record Prepared(ServedModel model, MediaType responseType, List<Tensor> inputs) {}

    public Answer invoke(Invocation invocation) {
        Prepared prepared = prepare(invocation);
        return complete(prepared, prepared.model().submit(prepared.inputs(), invocation.timeout()));
    }

    /** Every check and the decoding, without inference: negotiate, resolve the model, decode, bind. */
    public Prepared prepare(Invocation invocation) {
        MediaType responseType = codecs.negotiate(invocation.accept());
        ServedModel model = registry.resolve(invocation.targetModel());
        MediaType requestType = requestType(invocation.contentType());
        BoundedBody body = BoundedBody.of(invocation.body(), invocation.declaredLength(), invocation.maxBytes());
        DecodedInput decoded;
        try {
            decoded = codecs.read(requestType, body);
        } catch (IOException | RuntimeException e) {
            if (body.exceeded()) {
                throw body.tooLarge();
            }
            if (e instanceof IOException io) {
                throw unreadable(io);
            }
            throw (RuntimeException) e;
        }
        List<Tensor> inputs = bind(model.signature(), decoded, TensorMediaTypes.CSV.isCompatibleWith(requestType));
        return new Prepared(model, responseType, inputs);
    }

    /** Waits for the inference of a prepared request, or of some of its rows, and encodes the outputs. */
    public Answer complete(Prepared prepared, CompletableFuture<List<Tensor>> pending) {
        List<Tensor> outputs = await(pending);
        ServedModel model = prepared.model();
        return new Answer(prepared.responseType(), encode(prepared.responseType(), model.signature(), outputs), model.name());
    }

    /** The connection failed while the body was read: the client was too slow or went away, not a fault here. */
    private static ProblemException unreadable(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new ProblemException(ProblemType.REQUEST_TIMEOUT, "the request body did not arrive in time", e);
            }
        }
        return new ProblemException(ProblemType.MALFORMED_BODY, "the request body could not be read to its end", e);
    }

    /** SageMaker's clients may omit the type; its MXNet container then reads JSON, and so does edgeserve. */
    private static MediaType requestType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType + "' is not a media type");
        }
    }

    private static List<Tensor> bind(ModelSignature signature, DecodedInput decoded, boolean flatRows) {
        return switch (decoded) {
            case DecodedInput.Positional positional -> InputBinding.bindPositional(signature, positional.tensors(), flatRows);
            case DecodedInput.Named named -> InputBinding.bindNamed(signature, named.tensors());
        };
    }

    private static List<Tensor> await(CompletableFuture<List<Tensor>> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            throw new ProblemException(ProblemType.ENGINE_FAILURE, "the engine failed on this request", e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(false);
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.SHUTTING_DOWN, "the request was interrupted");
        }
    }

    private byte[] encode(MediaType type, ModelSignature signature, List<Tensor> outputs) {
        List<NamedTensor> named = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            String name = i < signature.outputs().size() ? signature.outputs().get(i) : "output" + i;
            named.add(new NamedTensor(name, outputs.get(i)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            codecs.write(type, named, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
