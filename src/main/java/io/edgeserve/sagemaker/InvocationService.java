package io.edgeserve.sagemaker;

import io.edgeserve.codec.TensorCodec;
import io.edgeserve.codec.DecodedInput;
import io.edgeserve.codec.ImageRequestReader;
import io.edgeserve.codec.NamedTensor;
import io.edgeserve.codec.TensorMediaTypes;
import io.edgeserve.inference.precision.PrecisionAgreement;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.InputBinding;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
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
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * One inference from body to body, whichever endpoint it came through: negotiates the answer's media type,
 * finds the model, decodes and binds the body, waits for the batcher and encodes the outputs. Cheap checks
 * come first, so a request that would be refused costs no decoding and no inference. Pictures are decoded
 * as the model's manifest says, and a classifier answers them with labels ({@link LabelledAnswer}).
 */
@Service
public class InvocationService {

    /** Request attribute: the name of the model that took the request, for metrics and the request log. */
    public static final String MODEL_ATTRIBUTE = "io.edgeserve.model";
    /** Request attribute: nanoseconds the request spent in the batcher (queue wait and engine), as a Long. */
    public static final String INFERENCE_NANOS_ATTRIBUTE = "io.edgeserve.inferenceNanos";

    private final ModelRegistry registry;
    private final TensorCodec codecs;
    private final ImageRequestReader images;

    public InvocationService(ModelRegistry registry, TensorCodec codecs, ImageRequestReader images) {
        this.registry = registry;
        this.codecs = codecs;
        this.images = images;
    }

    /**
     * An inference request as it arrived.
     *
     * @param customAttributes SageMaker's custom attributes; {@code precision=float16} picks the variant
     * @param topK how many labels a classifier's answer to pictures gives, or null for the default
     */
    public record Invocation(String targetModel, String customAttributes, String contentType, String accept, InputStream body,
                             long declaredLength, long maxBytes, Duration timeout, Integer topK) {}

    /** A body decoded and fitted to a model's inputs. */
    private record Bound(DecodedInput decoded, List<Tensor> inputs) {}

    /** The encoded answer, and the model and variant that gave it. */
    public record Answer(MediaType contentType, byte[] body, String model, Precision precision) {}

    /** A request decoded and bound to its model's inputs, not yet run: a streamed answer runs it row by row. */
    public record Prepared(Invocation invocation, ServedModel model, MediaType responseType, DecodedInput decoded,
                           List<Tensor> inputs) {}

    public Answer invoke(Invocation invocation) {
        Prepared prepared = prepare(invocation);
        return run(prepared, prepared.inputs());
    }

    /** Every check and the decoding, without inference: negotiate, resolve the model, decode, bind. */
    public Prepared prepare(Invocation invocation) {
        MediaType responseType = codecs.negotiate(invocation.accept());
        String precision = CustomAttributes.parse(invocation.customAttributes()).get("precision");
        ServedModel model = registry.resolve(invocation.targetModel(), precision == null ? null : Precision.parse(precision));
        remember(MODEL_ATTRIBUTE, model.name());
        Bound bound = decodeAndBind(invocation, model);
        return new Prepared(invocation, model, responseType, bound.decoded(), bound.inputs());
    }

    /** Runs a prepared request's inputs, or some of its rows, through the batcher and encodes the answer. */
    public Answer run(Prepared prepared, List<Tensor> inputs) {
        ServedModel model = prepared.model();
        MediaType responseType = prepared.responseType();
        long submittedNanos = System.nanoTime();
        List<Tensor> outputs;
        try {
            outputs = await(model.submit(inputs, prepared.invocation().timeout()));
        } finally {
            addInferenceNanos(System.nanoTime() - submittedNanos);
        }
        if (prepared.decoded() instanceof DecodedInput.Images pictures
                && LabelledAnswer.applies(responseType, prepared.invocation().accept(), model)) {
            byte[] labels = LabelledAnswer.write(model, outputs, pictures, prepared.invocation().topK());
            return new Answer(responseType, labels, model.name(), model.precision());
        }
        return new Answer(responseType, encode(responseType, model.signature(), outputs), model.name(), model.precision());
    }

    /**
     * Runs one probe batch through a model's float32 and float16 variants and compares all their outputs:
     * what the half-size variant costs in accuracy, measured on the caller's own data.
     */
    public PrecisionAgreement comparePrecisions(Invocation invocation) {
        ServedModel float32 = registry.resolve(invocation.targetModel(), Precision.FLOAT32);
        ServedModel float16 = registry.resolve(invocation.targetModel(), Precision.FLOAT16);
        List<Tensor> inputs = decodeAndBind(invocation, float32).inputs();
        return PrecisionAgreement.compareAll(await(float32.submit(inputs, invocation.timeout())),
                await(float16.submit(inputs, invocation.timeout())));
    }

    private Bound decodeAndBind(Invocation invocation, ServedModel model) {
        MediaType requestType = requestType(invocation.contentType());
        BoundedBody body = BoundedBody.of(invocation.body(), invocation.declaredLength(), invocation.maxBytes());
        DecodedInput decoded;
        try {
            decoded = read(model, requestType, body);
        } catch (IOException | RuntimeException e) {
            if (body.exceeded()) {
                throw body.tooLarge();
            }
            if (e instanceof IOException io) {
                throw unreadable(io);
            }
            throw (RuntimeException) e;
        }
        return new Bound(decoded, bind(model.signature(), decoded, TensorMediaTypes.CSV.isCompatibleWith(requestType)));
    }

    /** Pictures where the body holds them (JSON only for a model that takes pictures), tensors otherwise. */
    private DecodedInput read(ServedModel model, MediaType type, InputStream body) throws IOException {
        ImageSpec image = model.files().manifest().image();
        if (ImageRequestReader.isPictureType(type)) {
            return images.read(type, body, model.name(), image);
        }
        if (image != null && TensorMediaTypes.JSON.equalsTypeAndSubtype(type)) {
            byte[] json = body.readAllBytes();
            return ImageRequestReader.holdsPictures(json)
                    ? images.readJson(json, model.name(), image)
                    : codecs.read(type, new ByteArrayInputStream(json));
        }
        return codecs.read(type, body);
    }

    /** Tells metrics and the request log about the request in hand; outside a web request nobody listens. */
    private static void remember(String attribute, Object value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(attribute, value, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** A streamed request runs once per row: its inference time is the sum. */
    private static void addInferenceNanos(long nanos) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(INFERENCE_NANOS_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Long earlier) {
            nanos += earlier;
        }
        remember(INFERENCE_NANOS_ATTRIBUTE, nanos);
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
            case DecodedInput.Images pictures ->
                    InputBinding.bindPositional(signature, List.of(pictures.pixels()), false);
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
