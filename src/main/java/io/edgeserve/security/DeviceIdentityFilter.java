package io.edgeserve.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the device behind each HTTPS request from its certificate: as a request attribute for the request log
 * ({@link Caller}), and in the log context ({@code device}) of every line written meanwhile. Certificates are
 * counted as presented or absent, never per device. Plain HTTP requests carry no certificate and are skipped.
 */
final class DeviceIdentityFilter extends OncePerRequestFilter {

    private final SecurityMetrics metrics;

    DeviceIdentityFilter(SecurityMetrics metrics) {
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
        if (device.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(Caller.DEVICE_ATTRIBUTE, device.get());
        MDC.put("device", device.get().name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("device");
        }
    }
}
