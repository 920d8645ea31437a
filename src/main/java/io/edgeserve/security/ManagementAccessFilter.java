package io.edgeserve.security;

import io.edgeserve.problem.ProblemAdvice;
import io.edgeserve.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards management: the multi-model API ({@code /models}, load, list, describe, unload; inference on
 * {@code /models/NAME/invoke} is not management), model sync ({@code /sync}), the metrics ({@code /metrics}), data
 * capture's status ({@code /capture}) and any actuator endpoint under
 * {@code /actuator} but health; {@code /health} stays open for probes. A request needs a
 * bearer token from configuration, compared in constant time, or a device certificate whose identity is an
 * admin subject; with a management port, these endpoints answer on that port only and are not found elsewhere.
 */
final class ManagementAccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ManagementAccessFilter.class);
    private static final Pattern INVOKE = Pattern.compile("/models/[^/]+/invoke");

    private final List<byte[]> tokenDigests;
    private final Set<String> adminSubjects;
    private final IntSupplier managementPort;
    private final SecurityMetrics metrics;

    /** @param managementPort the management connector's port, or a negative number where there is none */
    ManagementAccessFilter(List<String> tokens, Set<String> adminSubjects, IntSupplier managementPort,
            SecurityMetrics metrics) {
        this.tokenDigests = tokens.stream().map(token -> SigV4Verifier.sha256(token.getBytes(StandardCharsets.UTF_8)))
                .toList();
        this.adminSubjects = Set.copyOf(adminSubjects);
        this.managementPort = managementPort;
        this.metrics = metrics;
    }

    static boolean isManagement(HttpServletRequest request) {
        String path = request.getServletPath();
        if (path.equals("/models") || (path.startsWith("/models/") && !INVOKE.matcher(path).matches())) {
            return true;
        }
        return under(path, "/metrics") || under(path, "/sync") || under(path, "/capture")
                || (under(path, "/actuator") && !under(path, "/actuator/health"));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isManagement(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int port = managementPort.getAsInt();
        if (port >= 0 && request.getLocalPort() != port) {
            metrics.record("management", "wrong_port");
            write(response, ProblemAdvice.response(ProblemType.NOT_FOUND, "no such resource: " + request.getMethod()
                    + " " + request.getServletPath(), Map.of()));
            return;
        }
        String outcome = decide(request);
        metrics.record("management", outcome);
        switch (outcome) {
            case "token", "certificate" -> chain.doFilter(request, response);
            case "missing" -> {
                ResponseEntity<byte[]> refusal = ProblemAdvice.response(ProblemType.UNAUTHORIZED, "management needs"
                        + " 'Authorization: Bearer TOKEN' or an admin client certificate"
                        + (DeviceIdentity.of(request).isPresent() ? "; this device's certificate is not an admin's" : ""),
                        Map.of());
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"edgeserve management\"");
                write(response, refusal);
            }
            default -> {
                log.warn("Refused management request {} {} from {}", request.getMethod(), request.getServletPath(),
                        request.getRemoteAddr());
                write(response, ProblemAdvice.response(ProblemType.FORBIDDEN,
                        "these credentials may not manage this service", Map.of()));
            }
        }
    }

    /**
     * {@code token} or {@code certificate} when allowed; {@code missing} when the request brings no management
     * credentials (no Authorization header, and at most a device certificate that is not an admin's), so that it
     * is told with 401 and WWW-Authenticate what to bring; {@code refused} for a token that is not known.
     */
    private String decide(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return knownToken(authorization.substring(7).strip()) ? "token" : "refused";
        }
        if (authorization != null) {
            return "refused";
        }
        Optional<DeviceIdentity> device = DeviceIdentity.of(request);
        return device.isPresent() && device.get().isOneOf(adminSubjects) ? "certificate" : "missing";
    }

    /** Compares digests, so that neither a token's length nor its first differing byte shows in the timing. */
    private boolean knownToken(String presented) {
        byte[] digest = SigV4Verifier.sha256(presented.getBytes(StandardCharsets.UTF_8));
        boolean known = false;
        for (byte[] candidate : tokenDigests) {
            known |= MessageDigest.isEqual(digest, candidate);
        }
        return known;
    }

    private static void write(HttpServletResponse response, ResponseEntity<byte[]> entity) throws IOException {
        response.setStatus(entity.getStatusCode().value());
        entity.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = entity.getBody();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
