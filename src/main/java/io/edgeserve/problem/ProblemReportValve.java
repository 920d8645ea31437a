package io.edgeserve.problem;

import io.edgeserve.security.BrowserHardening;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report, as problem+json: what the servlet container refuses on its own (a malformed request
 * line or header, a bad {@code Content-Length} or chunk, an oversized header, {@code Expect} other than
 * {@code 100-continue}, {@code CONNECT}, {@code TRACE}, {@code /WEB-INF/}) and any error status the application
 * set without a body. Replaces Tomcat's HTML page and Spring's {@code /error} JSON, so every refusal is a
 * {@link ProblemType} with the browser hardening headers. The first refusal of each kind is logged at INFO in
 * one line, later ones at DEBUG, as Tomcat does for its parse errors, but without a stack trace.
 */
public final class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);
    private final Map<ProblemType, Boolean> logged = new ConcurrentHashMap<>();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Throwable cause = throwable != null ? throwable
                : request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        ConnectorRefusal refusal = ConnectorRefusal.of(status, request.getMethod(), cause);
        logOnce(refusal, status);
        byte[] body = ProblemAdvice.response(refusal.type(), refusal.detail(), Map.of()).getBody();
        try {
            response.setStatus(refusal.type().status());
            response.setContentType(ProblemAdvice.PROBLEM_JSON.toString());
            BrowserHardening.apply(response, request.isSecure());
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was closed meanwhile: there is no one left to tell.
        }
    }

    private void logOnce(ConnectorRefusal refusal, int status) {
        if (refusal.type() == ProblemType.INTERNAL_ERROR) {
            return; // the servlet container has logged the failure in full
        }
        if (logged.putIfAbsent(refusal.type(), Boolean.TRUE) == null) {
            log.info("Refused a request with {} {}: {} (further refusals of this kind are logged at DEBUG)", status,
                    refusal.type().slug(), refusal.detail());
        } else {
            log.debug("Refused a request with {} {}: {}", status, refusal.type().slug(), refusal.detail());
        }
    }
}
