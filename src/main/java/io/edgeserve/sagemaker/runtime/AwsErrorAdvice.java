package io.edgeserve.sagemaker.runtime;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers the runtime API's failures in AWS's JSON shape ({@link AwsError}) instead of problem+json; it comes
 * before {@link io.edgeserve.problem.ProblemAdvice} and sees only {@link RuntimeController}'s exceptions. Logging
 * follows ProblemAdvice: unexpected failures in full, here only; the client gets a generic message.
 */
@RestControllerAdvice(assignableTypes = RuntimeController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AwsErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(AwsErrorAdvice.class);

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<byte[]> problem(ProblemException e) {
        if (e.type() == ProblemType.INTERNAL_ERROR && e.getCause() != null) {
            log.error("{}: {}", e.type().title(), e.getMessage(), e.getCause());
        } else if (e.type().status() >= 500) {
            log.warn("{} {}: {}", e.type().status(), e.type().title(), e.getMessage());
        }
        return AwsError.from(e).toResponse();
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MethodArgumentTypeMismatchException.class,
            HttpMessageNotReadableException.class, HttpMediaTypeException.class})
    public ResponseEntity<byte[]> validation(Exception e) {
        String message = e instanceof MissingRequestHeaderException missing
                ? "the " + missing.getHeaderName() + " header is required"
                : "the request could not be read";
        return AwsError.of(AwsError.VALIDATION_ERROR, 400, message).toResponse();
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return AwsError.of(AwsError.INTERNAL_FAILURE, 500, "the service failed to handle this request; it is logged")
                .toResponse();
    }
}
