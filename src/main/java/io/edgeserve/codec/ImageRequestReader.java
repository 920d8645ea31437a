package io.edgeserve.codec;

import io.edgeserve.model.ImageSpec;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import org.springframework.http.MediaType;

/**
 * Reads request bodies that carry pictures and makes them into a model's input, as the model's
 * {@link ImageSpec} says: one JPEG or PNG ({@code image/jpeg}, {@code image/png}, or {@code application/x-image}
 * as SageMaker's clients send), several as {@code multipart/form-data} (every part a picture) or as JSON
 * {@code {"instances": [{"b64": "..."}]}}. The format is told from each picture's bytes. Thread-safe.
 *
 * <p>Pictures decode one at a time per request, each straight into its row of the batch, so a request holds at
 * most one decoded picture; and at most {@link ImageLimits#concurrentDecodes()} decode at once across requests,
 * because decoding is CPU-bound and each decoded picture may take up to {@code maxPixels * 4} bytes.
 */
public final class ImageRequestReader {

    public static final MediaType X_IMAGE = new MediaType("application", "x-image");
    public static final List<MediaType> PICTURE_TYPES =
            List.of(MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG, X_IMAGE, MediaType.MULTIPART_FORM_DATA);
    /** Not a registered type, but what many phones and libraries send for JPEG. */
    private static final MediaType IMAGE_JPG = new MediaType("image", "jpg");

    private final ImageLimits limits;
    private final BiFunction<byte[], String, BufferedImage> decoder;
    private final Semaphore decoding;

    public ImageRequestReader(ImageLimits limits) {
        this(limits, new ImageDecoder(limits.maxPixels())::decode);
    }

    /** @param decoder decodes a picture's bytes, the second argument naming it in problems */
    ImageRequestReader(ImageLimits limits, BiFunction<byte[], String, BufferedImage> decoder) {
        this.limits = limits;
        this.decoder = decoder;
        this.decoding = new Semaphore(limits.concurrentDecodes(), true);
    }

    /**
     * True for the media types that are pictures whatever their body: {@code image/*}, {@code application/x-image}
     * and {@code multipart/form-data}. (JSON may be pictures too: see {@link #holdsPictures(byte[])}.) Image types
     * other than JPEG and PNG are answered by {@link #read} with a 415.
     */
    public static boolean isPictureType(MediaType type) {
        return "image".equalsIgnoreCase(type.getType()) || X_IMAGE.equalsTypeAndSubtype(type)
                || MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type);
    }

    /** True where a JSON body is {@code {"instances": [{"b64": ...}, ...]}} rather than tensors. */
    public static boolean holdsPictures(byte[] json) {
        return Base64Images.present(json);
    }

    /**
     * Reads a body of a {@linkplain #isPictureType picture type}.
     *
     * @param model the model's name, for the detail of a 415 where it takes no pictures
     * @param spec  the model's image spec, or null where it has none (a 415)
     * @throws ProblemException 400 for a malformed picture or body, 413 for too many pictures, 415 for an image
     *     type other than JPEG or PNG or a model that takes no pictures
     */
    public DecodedInput.Images read(MediaType type, InputStream body, String model, ImageSpec spec) throws IOException {
        requireSpec(model, spec);
        if (MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)) {
            List<MultipartBody.Part> parts = MultipartBody.parse(type, body.readAllBytes(), limits.maxImages());
            List<byte[]> pictures = parts.stream().map(MultipartBody.Part::content).toList();
            List<String> names = parts.stream().map(MultipartBody.Part::describe).toList();
            return new DecodedInput.Images(preprocess(pictures, names, spec), true);
        }
        if (!(MediaType.IMAGE_JPEG.equalsTypeAndSubtype(type) || MediaType.IMAGE_PNG.equalsTypeAndSubtype(type)
                || IMAGE_JPG.equalsTypeAndSubtype(type) || X_IMAGE.equalsTypeAndSubtype(type))) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + type.getType() + "/"
                    + type.getSubtype() + "' is not supported: send JPEG or PNG as image/jpeg, image/png or "
                    + "application/x-image")
                    .with("supported", PICTURE_TYPES.stream().map(MediaType::toString).toList());
        }
        return new DecodedInput.Images(preprocess(List.of(body.readAllBytes()), List.of("the body"), spec), false);
    }

    /**
     * Reads a JSON body for which {@link #holdsPictures(byte[])} is true.
     *
     * @throws ProblemException as {@link #read}
     */
    public DecodedInput.Images readJson(byte[] json, String model, ImageSpec spec) {
        requireSpec(model, spec);
        List<byte[]> pictures = Base64Images.read(json, limits.maxImages());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            names.add("instances[" + i + "]");
        }
        return new DecodedInput.Images(preprocess(pictures, names, spec), true);
    }

    private Tensor preprocess(List<byte[]> pictures, List<String> names, ImageSpec spec) {
        if (pictures.isEmpty()) {
            throw ProblemException.malformed("the request holds no picture");
        }
        ImagePreprocessing preprocessing = new ImagePreprocessing(spec);
        // Where pictures keep their own size, the first one decides the request's; the input's bounds are
        // checked with the tensor's shape like any other request's.
        Shape example = spec.ownSize() ? null : Shape.of(spec.exampleShape());
        FloatBuffer values = null;
        ByteBuffer bytes = null;
        for (int i = 0; i < pictures.size(); i++) {
            int[] size = new int[2];
            float[] picture = decodeAndPreprocess(pictures.get(i), names.get(i), preprocessing, size);
            Shape own = spec.ownSize() ? Shape.of(spec.exampleShape(size[0], size[1])) : example;
            if (example == null) {
                example = own;
            } else if (!example.equals(own)) {
                throw ProblemException.malformed(names.get(i) + " is " + size[0] + "x" + size[1] + " pixels but "
                        + names.getFirst() + " is " + example + ": pictures of one request must share a size for a "
                        + "model that keeps each picture's own size");
            }
            if (bytes == null) {
                bytes = ByteBuffer.allocate(Math.multiplyExact(pictures.size(),
                        Math.multiplyExact(Math.toIntExact(example.size()), Float.BYTES))).order(ByteOrder.LITTLE_ENDIAN);
                values = bytes.asFloatBuffer();
            }
            values.put(picture);
        }
        return new Tensor(DataType.FLOAT32, Shape.ofRows(pictures.size(), example), bytes);
    }

    /** @param size receives the decoded picture's height and width */
    private float[] decodeAndPreprocess(byte[] picture, String name, ImagePreprocessing preprocessing, int[] size) {
        try {
            decoding.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.SHUTTING_DOWN, "the request was interrupted waiting to decode");
        }
        try {
            BufferedImage image = decoder.apply(picture, name);
            size[0] = image.getHeight();
            size[1] = image.getWidth();
            return preprocessing.apply(image);
        } finally {
            decoding.release();
        }
    }

    private static void requireSpec(String model, ImageSpec spec) {
        if (spec == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "model '" + model + "' takes no pictures: "
                    + "its manifest has no \"image\" section (see docs/models.md); send tensors as application/json, "
                    + "text/csv, application/x-npy or application/x-npz").with("model", model);
        }
    }
}
