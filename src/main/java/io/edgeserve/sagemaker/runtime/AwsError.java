package io.edgeserve.sagemaker.runtime;

import io.edgeserve.problem.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error as the AWS SDKs read it: the code in {@code x-amzn-ErrorType}, which alone picks the exception class
 * ({@code ModelErrorException}, {@code ValidationErrorException}, ...), and a JSON body with {@code Message} and
 * the other members of that code's shape. The body is JSON whatever the request accepted: the JavaScript SDK
 * fails to parse anything else. {@link #from(ProblemException)} is the one table from edgeserve's problems to
 * AWS's codes.
 *
 * @param code    the AWS error code, such as {@code ValidationError}
 * @param status  the HTTP status the SDKs expect with that code
 * @param message what was wrong, safe to show
 * @param members the shape's other members ({@code OriginalStatusCode}, ...), in order
 * @param retryAfterSeconds when to retry, for {@code ServiceUnavailable}; null otherwise
 */
public record AwsError(String code, int status, String message, Map<String, Object> members,
                       Integer retryAfterSeconds) {

    public static final String VALIDATION_ERROR = "ValidationError";
    public static final String MODEL_ERROR = "ModelError";
    public static final String MODEL_NOT_READY = "ModelNotReadyException";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String INTERNAL_FAILURE = "InternalFailure";
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    public static final String ACCESS_DENIED = "AccessDeniedException";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AwsError {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public static AwsError of(String code, int status, String message) {
        return new AwsError(code, status, message, Map.of(), null);
    }

    /**
     * The AWS error for one of edgeserve's problems, split as SageMaker splits them. What SageMaker itself checks
     * before a container sees the request (the endpoint, the variant, the body's size) is a
     * {@code ValidationError}; what the model container refuses or fails at (the body, its shape, its media type,
     * a picture for a model that takes none) is SageMaker's {@code ModelError} (424) with the status the
     * container answered as {@code OriginalStatusCode}; overload is {@code ServiceUnavailable}, which the SDKs
     * retry.
     */
    public static AwsError from(ProblemException problem) {
        String detail = problem.getMessage();
        return switch (problem.type()) {
            case MODEL_NOT_SPECIFIED, INVALID_MODEL, MODEL_URL_REFUSED, MODEL_NOT_FOUND, VARIANT_NOT_AVAILABLE,
                    NOT_FOUND, METHOD_NOT_ALLOWED, MODEL_ALREADY_LOADED, PAYLOAD_TOO_LARGE, REQUEST_TIMEOUT,
                    MALFORMED_REQUEST, EXPECTATION_FAILED, NOT_IMPLEMENTED, HTTP_VERSION_NOT_SUPPORTED,
                    CLIENT_CLOSED_REQUEST ->
                    of(VALIDATION_ERROR, 400, detail);
            case MALFORMED_BODY, IMAGE_TOO_LARGE, SHAPE_MISMATCH, INVALID_REQUEST, NOT_ACCEPTABLE,
                    UNSUPPORTED_MEDIA_TYPE, ENGINE_FAILURE -> modelError(problem.type().status(), detail);
            case UNAUTHORIZED -> of(MISSING_AUTHENTICATION_TOKEN, 403, detail);
            case FORBIDDEN -> of(ACCESS_DENIED, 403, detail);
            case INTERNAL_ERROR -> of(INTERNAL_FAILURE, 500, detail);
            case MODEL_NOT_READY -> of(MODEL_NOT_READY, 429, detail);
            case QUEUE_FULL, SHUTTING_DOWN, DEADLINE_EXCEEDED, INSUFFICIENT_MEMORY -> {
                Object retryAfter = problem.properties().get("retryAfterSeconds");
                yield new AwsError(SERVICE_UNAVAILABLE, 503, detail, Map.of(),
                        retryAfter instanceof Integer seconds ? seconds : null);
            }
        };
    }

    /**
     * SageMaker's shape for a container that refused or failed: the container's own status and message travel
     * separately, and the message says "client error" or "server error" as SageMaker's does.
     */
    static AwsError modelError(int originalStatus, String originalMessage) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("OriginalStatusCode", originalStatus);
        members.put("OriginalMessage", originalMessage);
        String kind = originalStatus < 500 ? "client" : "server";
        return new AwsError(MODEL_ERROR, 424, "Received " + kind + " error (" + originalStatus
                + ") from the model with message \"" + originalMessage + "\"", members, null);
    }

    /** The body: {@code {"Message": ..., members...}}. */
    public byte[] body() {
        return JSON.writeValueAsBytes(bodyMap());
    }

    /** The body's members, in order. */
    Map<String, Object> bodyMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", message);
        body.putAll(members);
        return body;
    }

    public ResponseEntity<byte[]> toResponse() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(RuntimeHeaders.ERROR_TYPE, code);
        String requestId = MDC.get("requestId");
        if (requestId != null) {
            headers.set(RuntimeHeaders.REQUEST_ID, requestId);
        }
        if (retryAfterSeconds != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds.toString());
        }
        return new ResponseEntity<>(body(), headers, HttpStatus.valueOf(status));
    }

    /** Writes this error where no controller advice can: in a servlet filter, before any controller ran. */
    public void writeTo(HttpServletResponse response) throws IOException {
        ResponseEntity<byte[]> entity = toResponse();
        response.setStatus(status);
        entity.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = entity.getBody();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
