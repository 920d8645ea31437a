package io.edgeserve.problem;

import java.net.URI;

/**
 * Every kind of failure a client can see, with its HTTP status and a stable {@code type} URI: the one table
 * that maps errors to statuses. Clients branch on {@link #uri()}; the titles are for people. The URIs name
 * problems documented in docs/problems.md and are never renamed.
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", 400, "Malformed HTTP request"),
    MALFORMED_BODY("malformed-body", 400, "Malformed request body"),
    SHAPE_MISMATCH("shape-mismatch", 400, "Input does not fit the model"),
    MODEL_NOT_SPECIFIED("model-not-specified", 400, "No model named"),
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    IMAGE_TOO_LARGE("image-too-large", 400, "Image has too many pixels"),
    INVALID_MODEL("invalid-model", 400, "Model cannot be loaded"),
    MODEL_URL_REFUSED("model-url-refused", 400, "Model location not allowed"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    MODEL_NOT_FOUND("model-not-found", 404, "Unknown model"),
    VARIANT_NOT_AVAILABLE("variant-not-available", 404, "Model variant not available"),
    NOT_FOUND("not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Response media type not available"),
    REQUEST_TIMEOUT("request-timeout", 408, "Request not received in time"),
    CLIENT_CLOSED_REQUEST("client-closed-request", 499, "Client closed the request"),
    MODEL_ALREADY_LOADED("model-already-loaded", 409, "Model already loaded"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Request media type not supported"),
    EXPECTATION_FAILED("expectation-failed", 417, "Expectation not supported"),
    ENGINE_FAILURE("engine-failure", 500, "Inference failed"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    NOT_IMPLEMENTED("not-implemented", 501, "Not implemented"),
    MODEL_NOT_READY("model-not-ready", 503, "Model not ready"),
    QUEUE_FULL("queue-full", 503, "Too many requests queued"),
    SHUTTING_DOWN("shutting-down", 503, "Service shutting down"),
    DEADLINE_EXCEEDED("deadline-exceeded", 504, "Request timed out before inference"),
    HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", 505, "HTTP version not supported"),
    INSUFFICIENT_MEMORY("insufficient-memory", 507, "Model does not fit the memory budget");

    private static final String BASE = "https://edgeserve.io/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
