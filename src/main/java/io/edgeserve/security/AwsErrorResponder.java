package io.edgeserve.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a refused Runtime API request in AWS's error shape, which the SDKs turn into their exceptions. The
 * Runtime API front end owns that shape and provides the bean; security only says what was refused.
 */
@FunctionalInterface
public interface AwsErrorResponder {

    /**
     * @param code    the AWS error code, such as {@code InvalidSignatureException} or {@code ValidationError}
     * @param status  the HTTP status the SDKs expect with that code
     * @param message what was wrong, safe to show
     */
    void respond(HttpServletResponse response, String code, int status, String message) throws IOException;

    /** The code AWS gives a request it cannot take as sent (an unreadable or oversized body). */
    String VALIDATION_ERROR = "ValidationError";
}
