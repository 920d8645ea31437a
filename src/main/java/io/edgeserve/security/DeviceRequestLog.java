package io.edgeserve.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request log of devices: one line per HTTPS request, under the logger {@code edgeserve.requests}, with the
 * device's certificate identity and the access key that signed the request, and the device's name in the log
 * context ({@code device}) of every line written meanwhile. Plain HTTP requests (SageMaker's health checks)
 * are not logged here. Certificates are counted as presented or absent, never per device.
 */
final class DeviceRequestLog extends OncePerRequestFilter {

    static final String DEVICE_ATTRIBUTE = "edgeserve.device";
    private static final Logger requests = LoggerFactory.getLogger("edgeserve.requests");

    private final SecurityMetrics metrics;

    DeviceRequestLog(SecurityMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.isSecure();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<DeviceIdentity> device = DeviceIdentity.of(request);
        metrics.record("device_certificate", device.isPresent() ? "presented" : "absent");
        device.ifPresent(identity -> {
            request.setAttribute(DEVICE_ATTRIBUTE, identity);
            MDC.put("device", identity.name());
        });
        try {
            chain.doFilter(request, response);
        } finally {
            requests.info("{} {} {} device={} cert={} key={}", request.getMethod(), request.getRequestURI(),
                    response.getStatus(), device.map(DeviceIdentity::name).orElse("-"),
                    device.map(DeviceIdentity::fingerprint).orElse("-"),
                    request.getAttribute(SigV4Filter.ACCESS_KEY_ATTRIBUTE) instanceof String key ? key : "-");
            MDC.remove("device");
        }
    }
}
