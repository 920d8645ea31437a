package io.edgeserve.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes every error as an RFC 9457 {@code application/problem+json} body: the one place where failures
 * become responses. Bodies carry the problem's stable type URI, a title, the status and a client-safe
 * detail; never a stack trace, a class name or a path. Unexpected exceptions are logged in full here and
 * reach the client only as a generic 500.
 */
@RestControllerAdvice
public class ProblemAdvice {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<byte[]> problem(ProblemException e) {
        if (e.type() == ProblemType.INTERNAL_ERROR && e.getCause() != null) {
            log.error("{}: {}", e.type().title(), e.getMessage(), e.getCause());
        } else if (e.type().status() >= 500) {
            // Engine failures are logged in full by the batcher that saw them, once per batch.
            log.warn("{} {}: {}", e.type().status(), e.type().title(), e.getMessage());
        }
        return response(e.type(), e.getMessage(), e.properties());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return response(ProblemType.NOT_ACCEPTABLE, "this endpoint answers in " + e.getSupportedMediaTypes(), Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<byte[]> unsupported(HttpMediaTypeNotSupportedException e) {
        return response(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + e.getContentType()
                + " is not supported here; use one of " + e.getSupportedMediaTypes(), Map.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<byte[]> notFound(NoResourceFoundException e) {
        return response(ProblemType.NOT_FOUND, "no such resource: " + e.getHttpMethod() + " /" + e.getResourcePath(), Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<byte[]> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        ResponseEntity<byte[]> response = response(ProblemType.METHOD_NOT_ALLOWED, e.getMethod()
                + " is not allowed here; allowed: " + e.getSupportedHttpMethods(), Map.of());
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MethodArgumentTypeMismatchException.class,
            HttpMessageNotReadableException.class})
    public ResponseEntity<byte[]> badRequest(Exception e) {
        String detail = e instanceof MissingRequestHeaderException missing
                ? "the " + missing.getHeaderName() + " header is required"
                : e instanceof MethodArgumentTypeMismatchException mismatch
                        ? "'" + mismatch.getValue() + "' is not a valid " + mismatch.getName()
                        : "the request body could not be read";
        return response(ProblemType.INVALID_REQUEST, detail, Map.of());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return response(ProblemType.INTERNAL_ERROR, "the service failed to handle this request; it is logged", Map.of());
    }

    /** The problem response for {@code type}; also used by filters that answer before any controller. */
    public static ResponseEntity<byte[]> response(ProblemType type, String detail, Map<String, Object> properties) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(PROBLEM_JSON);
        Object retryAfter = properties.get("retryAfterSeconds");
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return new ResponseEntity<>(ProblemDocument.json(type, detail, properties), headers, HttpStatusCode.valueOf(type.status()));
    }
}
