package io.edgeserve.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request to the SageMaker Runtime API ({@code /endpoints/...}) through only when AWS Signature Version 4
 * verifies; others are answered in AWS's error shape, which the SDKs turn into their exceptions. The cheap checks
 * come first, so an unsigned or mis-keyed request is refused before its body is read; the body, at most
 * {@code edgeserve.max-request-size}, is then read once to verify the signature over it and served again.
 */
final class SigV4Filter extends OncePerRequestFilter {

    static final String PATH_PREFIX = "/endpoints/";

    private static final Logger log = LoggerFactory.getLogger(SigV4Filter.class);

    private final SigV4Verifier verifier;
    private final long maxBodyBytes;
    private final Clock clock;
    private final SecurityMetrics metrics;
    private final AwsErrorResponder errors;

    SigV4Filter(SigV4Verifier verifier, long maxBodyBytes, Clock clock, SecurityMetrics metrics,
            AwsErrorResponder errors) {
        this.verifier = verifier;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.metrics = metrics;
        this.errors = errors;
    }

    /** The servlet path is decoded and normalised by Tomcat, as the controller mapping sees it. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getServletPath().startsWith(PATH_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        SigV4Verifier.Credential credential;
        try {
            credential = verifier.authorize(request, clock.instant());
            try {
                body = readBody(request);
            } catch (IOException e) {
                // The client was too slow or went away while sending: nothing to verify, nothing to log.
                errors.respond(response, AwsErrorResponder.VALIDATION_ERROR, 400,
                        "the request body could not be read to its end");
                return;
            }
            if (body == null) {
                errors.respond(response, AwsErrorResponder.VALIDATION_ERROR, 400, "the request body exceeds the limit of "
                        + maxBodyBytes + " bytes (edgeserve.max-request-size)");
                return;
            }
            verifier.verify(request, credential, body);
        } catch (SignatureRejected e) {
            metrics.record("sigv4", e.reason().outcome());
            log.warn("Refused {} {} from {}: {} ({})", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), e.reason().awsCode(), e.reason().outcome());
            errors.respond(response, e.reason().awsCode(), e.reason().status(), e.getMessage());
            return;
        }
        metrics.record("sigv4", "accepted");
        request.setAttribute(Caller.ACCESS_KEY_ATTRIBUTE, credential.accessKeyId());
        MDC.put("accessKey", credential.accessKeyId());
        try {
            chain.doFilter(new BufferedBodyRequest(request, body), response);
        } finally {
            MDC.remove("accessKey");
        }
    }

    /** The whole body, or null where it is longer than the limit. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            return null;
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
        return body.length > maxBodyBytes ? null : body;
    }
}
