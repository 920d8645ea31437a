package io.edgeserve.sagemaker;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, SageMaker's {@code X-Amzn-SageMaker-Inference-Id} where the client sent one,
 * puts it in the log context as {@code requestId}, and echoes it and the custom attributes on the response,
 * errors included: SageMaker hands custom attributes back to the caller only when the container echoes them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    static final String MDC_KEY = "requestId";
    /** Request attribute: when the request arrived, on the {@link System#nanoTime()} clock, as a Long. */
    static final String RECEIVED_NANOS = "io.edgeserve.receivedNanos";
    private static final int MAX_ID_LENGTH = 256;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(RECEIVED_NANOS, System.nanoTime());
        String id = request.getHeader(SageMakerHeaders.INFERENCE_ID);
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            id = UUID.randomUUID().toString();
        }
        response.setHeader(SageMakerHeaders.INFERENCE_ID, id);
        String attributes = request.getHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES);
        if (attributes != null) {
            response.setHeader(SageMakerHeaders.CUSTOM_ATTRIBUTES, attributes);
        }
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The id this filter gave the request in hand. */
    public static String requestId() {
        return MDC.get(MDC_KEY);
    }

    /** When the request arrived; now, for a request this filter did not see. */
    public static long receivedNanos(HttpServletRequest request) {
        return request.getAttribute(RECEIVED_NANOS) instanceof Long nanos ? nanos : System.nanoTime();
    }
}
