package io.edgeserve.codec;

import org.springframework.http.MediaType;

/**
 * The media types that carry tensors, spelled as the SageMaker inference toolkit spells them
 * ({@code sagemaker_inference.content_types}), so that clients of that container need change nothing.
 */
public final class TensorMediaTypes {

    public static final MediaType JSON = MediaType.APPLICATION_JSON;
    public static final MediaType CSV = new MediaType("text", "csv");
    public static final MediaType NPY = new MediaType("application", "x-npy");
    /** NumPy's {@code np.savez} archive: a zip of {@code .npy} files, one per named tensor. */
    public static final MediaType NPZ = new MediaType("application", "x-npz");

    private TensorMediaTypes() {}
}
