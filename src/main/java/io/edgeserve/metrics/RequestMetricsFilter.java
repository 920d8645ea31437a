package io.edgeserve.metrics;

import io.edgeserve.sagemaker.InvocationService;
import io.edgeserve.sagemaker.InvocationsController;
import io.edgeserve.sagemaker.SageMakerHeaders;
import io.edgeserve.sagemaker.runtime.RuntimeController;
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
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request and counts its body bytes: inference requests feed the request meters, tagged with the model
 * that answered (or was named), its precision and the outcome; every request gets a request-log line when that log
 * is on. Runs just inside {@code RequestIdFilter}, so the request id is known and in the log context.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestMetricsFilter extends OncePerRequestFilter {

    /** Set by the model registry's precision variants on the response; float32 where absent. */
    static final String PRECISION_HEADER = "X-Edgeserve-Precision";
    private static final String UNMATCHED_ROUTE = "-";
    private static final Logger log = LoggerFactory.getLogger(RequestMetricsFilter.class);

    private final ServingMetrics metrics;
    private final RequestLog requestLog;

    public RequestMetricsFilter(ServingMetrics metrics, boolean requestLogEnabled) {
        this.metrics = metrics;
        this.requestLog = new RequestLog(requestLogEnabled);
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
                finished(countingRequest, countingResponse, status, System.nanoTime() - startNanos);
            } catch (RuntimeException e) { // metrics never fail a request
                log.warn("Recording metrics for a request failed; ignored", e);
            }
        }
    }

    private void finished(CountingRequest request, CountingResponse response, int status, long durationNanos) {
        boolean inference = isInference(request);
        String model = null;
        String precision = null;
        long requestBytes = request.bodyBytes();
        long responseBytes = response.bodyBytes();
        if (inference) {
            precision = ServingMetrics.precisionTag(response.getHeader(PRECISION_HEADER));
            model = metrics.modelTag(namedModel(request));
            metrics.requestCompleted(model, precision, status, durationNanos, requestBytes, responseBytes);
        }
        if (requestLog.enabled()) {
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            Object inferenceNanos = request.getAttribute(InvocationService.INFERENCE_NANOS_ATTRIBUTE);
            requestLog.write(new RequestLog.Entry(response.getHeader(SageMakerHeaders.INFERENCE_ID),
                    request.getMethod(), route != null ? route.toString() : UNMATCHED_ROUTE, status, model, precision,
                    durationNanos, inferenceNanos instanceof Long nanos ? nanos : null, requestBytes, responseBytes,
                    Caller.of(request)));
        }
    }

    private static boolean isInference(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && (handler.getBeanType() == InvocationsController.class
                        || handler.getBeanType() == RuntimeController.class);
    }

    /** The model that answered; else the one the request named, by path or header (it may not exist). */
    private static String namedModel(HttpServletRequest request) {
        if (request.getAttribute(InvocationService.MODEL_ATTRIBUTE) instanceof String served) {
            return served;
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("name") instanceof String name) {
            return name;
        }
        String header = request.getHeader(SageMakerHeaders.TARGET_MODEL);
        return header != null ? header.strip() : null;
    }
}
