package io.edgeserve.sagemaker.runtime;

/** The headers of the SageMaker Runtime API that the container contract does not have. */
final class RuntimeHeaders {

    static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";
    static final String INVOKED_VARIANT = "x-Amzn-Invoked-Production-Variant";
    /** The streaming call's accept type; its {@code Accept} header is the SDK's, for the event stream. */
    static final String STREAM_ACCEPT = "X-Amzn-SageMaker-Accept";
    /** The streaming answer's media type; its {@code Content-Type} is the event stream's. */
    static final String STREAM_CONTENT_TYPE = "X-Amzn-SageMaker-Content-Type";
    static final String ERROR_TYPE = "x-amzn-ErrorType";
    /** The SDKs put this in every exception and log line: edgeserve's request id, as in its logs. */
    static final String REQUEST_ID = "x-amzn-RequestId";
    /** The variant SageMaker names when an endpoint has one and the caller names none. */
    static final String DEFAULT_VARIANT = "AllTraffic";

    private RuntimeHeaders() {}
}
