package io.edgeserve.sagemaker;

/** The request and response headers of SageMaker's inference contract. */
public final class SageMakerHeaders {

    public static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
    public static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    public static final String INFERENCE_ID = "X-Amzn-SageMaker-Inference-Id";
    /** Which model answered; edgeserve's own, for clients and logs. */
    public static final String SERVED_MODEL = "X-Edgeserve-Model";
    /** Which precision variant answered: {@code float32} or {@code float16}. */
    public static final String SERVED_PRECISION = "X-Edgeserve-Precision";

    private SageMakerHeaders() {}
}
