package io.edgeserve.sagemaker;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes the request log's line for every HTTP request, when that log is on: method, route, status, duration and
 * body bytes, and for an inference the model and variant that answered (from the answer's headers) or the model
 * the request named, and the time in the batcher (from {@code Server-Timing}). The inference metrics are not
 * kept here: the invocation core records them for every transport. Runs just inside {@link RequestIdFilter}, so
 * the request id is known and in the log context.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestLogFilter extends OncePerRequestFilter {

    private static final String UNMATCHED_ROUTE = "-";
    private static final String TIMING_PREFIX = HttpInvocations.INFERENCE_METRIC + ";dur=";
    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);

    private final RequestLog requestLog;

    public RequestLogFilter(EdgeserveProperties properties) {
        this.requestLog = new RequestLog(properties.requestLog().enabled());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !requestLog.enabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long startNanos = System.nanoTime();
        CountingRequest countingRequest = new CountingRequest(request);
        CountingResponse countingResponse = new CountingResponse(response);
        boolean failed = true;
        try {
            chain.doFilter(countingRequest, countingResponse);
            failed = false;
        } finally {
            // An exception past every handler becomes the container's 500, whatever status was set so far.
            int status = failed ? 500 : response.getStatus();
            try {
                write(countingRequest, countingResponse, status, System.nanoTime() - startNanos);
            } catch (RuntimeException e) { // the log never fails a request
                log.warn("Writing the request log failed; ignored", e);
            }
        }
    }

    private void write(CountingRequest request, CountingResponse response, int status, long durationNanos) {
        String model = null;
        String precision = null;
        Long inferenceNanos = null;
        if (isInference(request)) {
            String served = response.getHeader(SageMakerHeaders.SERVED_MODEL);
            model = served != null ? served : namedModel(request);
            precision = response.getHeader(SageMakerHeaders.SERVED_PRECISION);
            inferenceNanos = inferenceNanos(response.getHeader(HttpInvocations.SERVER_TIMING));
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        requestLog.write(new RequestLog.Entry(response.getHeader(SageMakerHeaders.INFERENCE_ID), request.getMethod(),
                route != null ? route.toString() : UNMATCHED_ROUTE, status, model, precision, durationNanos,
                inferenceNanos, request.bodyBytes(), response.bodyBytes(), Caller.of(request)));
    }

    private static boolean isInference(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && handler.hasMethodAnnotation(InferenceEndpoint.class);
    }

    /** The model the request named, by path or header (it may not exist). */
    private static String namedModel(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("name") instanceof String name) {
            return name;
        }
        String header = request.getHeader(SageMakerHeaders.TARGET_MODEL);
        return header != null ? header.strip() : null;
    }

    /** The batcher's time from {@code Server-Timing: inference;dur=1.235}; null where the answer has none. */
    private static Long inferenceNanos(String serverTiming) {
        if (serverTiming == null || !serverTiming.startsWith(TIMING_PREFIX)) {
            return null;
        }
        try {
            return Math.round(Double.parseDouble(serverTiming.substring(TIMING_PREFIX.length())) * 1_000_000);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
