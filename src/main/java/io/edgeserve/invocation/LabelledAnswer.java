package io.edgeserve.invocation;

import io.edgeserve.codec.DecodedInput;
import io.edgeserve.codec.TensorMediaTypes;
import io.edgeserve.codec.TopLabels;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.MediaType;

/**
 * When and how pictures sent to a classifier are answered with its top {@code k} labels instead of the raw
 * output tensor. Labels are the answer where the response is JSON and the model has class labels; the tensor
 * stays one {@code Accept} away: {@code application/x-npy}, {@code text/csv}, {@code application/x-npz}, or
 * {@code application/json; format=tensor}. {@code k} is 5 unless the request says otherwise, with the
 * {@code top_k} query parameter or {@code top_k=N} in {@code X-Amzn-SageMaker-Custom-Attributes} (SageMaker
 * passes that header on and drops the query string); a {@code k} beyond the number of labels gives them all.
 */
public final class LabelledAnswer {

    static final int DEFAULT_TOP_K = 5;
    public static final String TOP_K = "top_k";

    private LabelledAnswer() {}

    /** @param accept the request's {@code Accept} header, already found acceptable, or null */
    static boolean applies(MediaType responseType, String accept, ServedModel model) {
        return TensorMediaTypes.JSON.equalsTypeAndSubtype(responseType) && !model.signature().classLabels().isEmpty()
                && !asksForTensor(accept);
    }

    /** @param topK from {@link #requestedTopK}, or null for the default */
    static byte[] write(ServedModel model, List<Tensor> outputs, DecodedInput.Images pictures, Integer topK) {
        List<String> labels = model.signature().classLabels();
        int k = Math.min(topK == null ? DEFAULT_TOP_K : topK, labels.size());
        List<List<TopLabels.Label>> answers;
        try {
            answers = TopLabels.of(outputs.getFirst(), labels, model.files().manifest().scoresAreLogits(), k);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INTERNAL_ERROR, "model '" + model.name() + "' cannot be answered "
                    + "with labels: " + e.getMessage() + "; fix its labels or ask for the tensor "
                    + "(Accept: application/x-npy)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            TopLabels.writeJson(answers, pictures.listed(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@code top_k} as the transport carried it (an HTTP query parameter), else from the custom attributes (read as
     * {@code key=value} pairs separated by commas or semicolons); null where neither gives it.
     *
     * @throws ProblemException 400 where it is not a whole number of at least 1
     */
    public static Integer requestedTopK(String fromTransport, String customAttributes) {
        if (fromTransport != null) {
            return topK(fromTransport);
        }
        String fromAttributes = CustomAttributes.parse(customAttributes).get(TOP_K);
        return fromAttributes == null ? null : topK(fromAttributes);
    }

    private static int topK(String text) {
        try {
            int k = Integer.parseInt(text.strip());
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException e) {
            // answered below, with the text the client sent
        }
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        throw new ProblemException(ProblemType.INVALID_REQUEST, "top_k must be a whole number of at least 1, was '"
                + shown + "'");
    }

    private static boolean asksForTensor(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        return MediaType.parseMediaTypes(accept).stream().anyMatch(range ->
                range.includes(TensorMediaTypes.JSON) && range.getQualityValue() > 0
                        && "tensor".equalsIgnoreCase(range.getParameter("format")));
    }
}
