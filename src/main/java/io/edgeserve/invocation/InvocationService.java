package io.edgeserve.invocation;

import io.edgeserve.codec.DecodedInput;
import io.edgeserve.codec.ImageRequestReader;
import io.edgeserve.codec.NamedTensor;
import io.edgeserve.codec.TensorCodec;
import io.edgeserve.codec.TensorMediaTypes;
import io.edgeserve.inference.precision.PrecisionAgreement;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.InputBinding;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.problem.ProblemDocument;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * One inference from body to body, whichever transport brought it: negotiates the answer's media type, finds the
 * model, reads, decodes and binds the body, waits for the batcher and encodes the outputs. Cheap checks come first,
 * so a request that would be refused costs no decoding and no inference. Pictures are decoded as the model's
 * manifest says, and a classifier answers them with labels ({@link LabelledAnswer}). Every request that reaches
 * the core is told to the {@link InvocationListener}s exactly once, answered or refused.
 */
public class InvocationService {

    private static final Logger log = LoggerFactory.getLogger(InvocationService.class);

    /**
     * How often a request waiting for the engine checks that its caller is still there. A check may read the
     * kernel's connection table (HTTP), which costs as much as the machine has connections: the profile of
     * bench/profile.sh showed checks every 10 ms taking a quarter of the service's CPU on a busy machine.
     */
    static final Duration CLIENT_CHECK_INTERVAL = Duration.ofMillis(50);

    private final ModelRegistry registry;
    private final TensorCodec codecs;
    private final ImageRequestReader images;
    private final List<InvocationListener> listeners;
    private final Clock clock;
    private final CallerWatch callers = new CallerWatch(CLIENT_CHECK_INTERVAL);

    public InvocationService(ModelRegistry registry, TensorCodec codecs, ImageRequestReader images,
            List<InvocationListener> listeners, Clock clock) {
        this.registry = registry;
        this.codecs = codecs;
        this.images = images;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /**
     * Answers one request.
     *
     * @throws ProblemException why the request was refused; it has been recorded already
     */
    public InvocationAnswer invoke(InvocationRequest request) {
        Prepared prepared = prepare(request);
        InvocationAnswer answer;
        try {
            answer = run(prepared, prepared.inputs());
        } catch (RuntimeException e) {
            finish(prepared, null, e);
            throw e;
        }
        finish(prepared, answer, null);
        return answer;
    }

    /**
     * Every check and the decoding, without inference: negotiate, resolve the model, read, decode, bind. The caller
     * runs the prepared request ({@link #run}) and must then {@link #finish} it; a refusal here is recorded here.
     *
     * @throws ProblemException why the request was refused; it has been recorded already
     */
    public Prepared prepare(InvocationRequest request) {
        Prepared prepared = new Prepared(request);
        try {
            prepared.responseType = codecs.negotiate(request.accept());
            Attributes attributes = Attributes.of(request);
            prepared.model = registry.resolve(request.targetModel(), attributes.precision());
            prepared.topK = attributes.topK();
            decodeAndBind(prepared);
            return prepared;
        } catch (RuntimeException e) {
            finish(prepared, null, e);
            throw e;
        }
    }

    /** Runs a prepared request's inputs, or some of its rows, through the batcher and encodes the answer. */
    public InvocationAnswer run(Prepared prepared, List<Tensor> inputs) {
        ServedModel model = prepared.model();
        MediaType responseType = prepared.responseType();
        long submittedNanos = System.nanoTime();
        List<Tensor> outputs;
        try {
            outputs = await(model.runOrSubmit(inputs, prepared.request().timeout()), prepared.request().client());
        } finally {
            prepared.inferenceNanos += System.nanoTime() - submittedNanos;
        }
        byte[] body = prepared.decoded() instanceof DecodedInput.Images pictures
                && LabelledAnswer.applies(responseType, prepared.request().accept(), model)
                ? LabelledAnswer.write(model, outputs, pictures, prepared.topK)
                : encode(responseType, model.signature(), outputs);
        return new InvocationAnswer(responseType, body, model.name(), model.precision(), prepared.inferenceNanos);
    }

    /**
     * Records how a prepared request ended: with {@code answer}, or refused by {@code failure}. A streamed answer
     * is finished once, after its last part, with its parts joined as the answer.
     */
    public void finish(Prepared prepared, InvocationAnswer answer, RuntimeException failure) {
        if (prepared.finished) {
            return;
        }
        prepared.finished = true;
        InvocationRequest request = prepared.request();
        ServedModel model = prepared.model();
        String modelName = model != null ? model.name() : request.targetModel();
        Precision precision = model != null ? model.precision() : null;
        long durationNanos = System.nanoTime() - request.receivedNanos();
        long inferenceNanos = prepared.inferenceNanos > 0 ? prepared.inferenceNanos : -1;
        long requestBytes = prepared.body != null ? prepared.body.length : prepared.bytesRead;
        InvocationRecord record;
        if (failure == null) {
            record = new InvocationRecord(request, modelName, precision, 200, null, durationNanos, inferenceNanos,
                    requestBytes, answer.body().length, prepared.body, answer, clock.instant());
        } else {
            ProblemException problem = failure instanceof ProblemException known ? known
                    : new ProblemException(ProblemType.INTERNAL_ERROR, "the service failed to handle this request");
            record = new InvocationRecord(request, modelName, precision, problem.type().status(), problem.type(),
                    durationNanos, inferenceNanos, requestBytes, ProblemDocument.json(problem).length, prepared.body,
                    null, clock.instant());
        }
        for (InvocationListener listener : listeners) {
            try {
                listener.completed(record);
            } catch (RuntimeException e) { // a listener never fails a request
                log.warn("An invocation listener failed; ignored", e);
            }
        }
    }

    /**
     * Records a request that its front end refused before it reached the core (a variant the endpoint does not
     * have), so that it is counted as every other refusal is.
     *
     * @return {@code problem}, for the front end to throw
     */
    public ProblemException refused(InvocationRequest request, ProblemException problem) {
        finish(new Prepared(request), null, problem);
        return problem;
    }

    /**
     * Runs one probe batch through a model's float32 and float16 variants and compares all their outputs:
     * what the half-size variant costs in accuracy, measured on the caller's own data. No listener is told: this
     * is a management call, not an inference.
     */
    public PrecisionAgreement comparePrecisions(InvocationRequest request) {
        ServedModel float32 = registry.resolve(request.targetModel(), Precision.FLOAT32);
        ServedModel float16 = registry.resolve(request.targetModel(), Precision.FLOAT16);
        Prepared prepared = new Prepared(request);
        prepared.model = float32;
        decodeAndBind(prepared);
        return PrecisionAgreement.compareAll(await(float32.submit(prepared.inputs(), request.timeout())),
                await(float16.submit(prepared.inputs(), request.timeout())));
    }

    /** Reads the whole body (within its limit), decodes it and binds it to the model's inputs. */
    private void decodeAndBind(Prepared prepared) {
        InvocationRequest request = prepared.request();
        MediaType requestType = requestType(request.contentType());
        BoundedBody body = BoundedBody.of(request.body(), request.declaredLength(), request.maxBytes());
        try {
            prepared.body = body.readAllBytes();
        } catch (IOException e) {
            prepared.bytesRead = body.consumed();
            throw unreadable(e);
        } catch (ProblemException e) {
            prepared.bytesRead = body.consumed();
            throw e;
        }
        DecodedInput decoded;
        try {
            decoded = read(prepared.model(), requestType, prepared.body);
        } catch (IOException e) {
            throw ProblemException.malformed("the body could not be decoded as " + requestType, e);
        }
        prepared.decoded = decoded;
        prepared.inputs = bind(prepared.model().signature(), decoded, TensorMediaTypes.CSV.isCompatibleWith(requestType));
    }

    /** Pictures where the body holds them (JSON only for a model that takes pictures), tensors otherwise. */
    private DecodedInput read(ServedModel model, MediaType type, byte[] body) throws IOException {
        ImageSpec image = model.files().manifest().image();
        if (ImageRequestReader.isPictureType(type)) {
            return images.read(type, new ByteArrayInputStream(body), model.name(), image);
        }
        if (image != null && TensorMediaTypes.JSON.equalsTypeAndSubtype(type) && ImageRequestReader.holdsPictures(body)) {
            return images.readJson(body, model.name(), image);
        }
        return codecs.read(type, new ByteArrayInputStream(body));
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

    private List<Tensor> await(CompletableFuture<List<Tensor>> pending) {
        return await(pending, ClientConnection.UNKNOWN);
    }

    /**
     * The outputs once the batcher has them. While they are not there, the {@link CallerWatch} checks the caller's
     * connection every {@link #CLIENT_CHECK_INTERVAL}: a caller that left has its request withdrawn, so that the
     * batcher drops it before inference, and it ends as {@code client-closed-request}. An answer quicker than that
     * costs no check.
     */
    private List<Tensor> await(CompletableFuture<List<Tensor>> pending, ClientConnection client) {
        try {
            if (client == ClientConnection.UNKNOWN || pending.isDone()) {
                return pending.get();
            }
            CallerWatch.Waiting watched = callers.watch(pending, client);
            try {
                return pending.get();
            } catch (CancellationException cancelled) {
                if (watched.abandoned()) {
                    throw new ProblemException(ProblemType.CLIENT_CLOSED_REQUEST,
                            "the client closed the connection before its answer was computed");
                }
                throw cancelled;
            } finally {
                callers.release(watched);
            }
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

    /** What the custom attributes and the transport say of the variant and the number of labels. */
    private record Attributes(Precision precision, Integer topK) {

        static Attributes of(InvocationRequest request) {
            String precision = CustomAttributes.parse(request.customAttributes()).get("precision");
            return new Attributes(precision == null ? null : Precision.parse(precision),
                    LabelledAnswer.requestedTopK(request.topK(), request.customAttributes()));
        }
    }

    /**
     * A request on its way through the core: what has been decided about it so far. Streamed answers hold it while
     * they run its rows one by one; it is finished once.
     */
    public static final class Prepared {

        private final InvocationRequest request;
        private MediaType responseType;
        private ServedModel model;
        private Integer topK;
        private byte[] body;
        private long bytesRead;
        private DecodedInput decoded;
        private List<Tensor> inputs;
        private long inferenceNanos;
        private boolean finished;

        private Prepared(InvocationRequest request) {
            this.request = request;
        }

        public InvocationRequest request() {
            return request;
        }

        public ServedModel model() {
            return model;
        }

        public MediaType responseType() {
            return responseType;
        }

        public DecodedInput decoded() {
            return decoded;
        }

        public List<Tensor> inputs() {
            return inputs;
        }
    }
}
