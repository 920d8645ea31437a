package io.edgeserve.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser hardening on every response, so that HTML pages (Swagger UI) have it without a list of which pages
 * are HTML: no MIME sniffing, no framing, no referrer, a content security policy that allows only this origin's
 * scripts, and on HTTPS, HSTS. JSON clients ignore these headers.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    /** Swagger UI loads its scripts from this origin and sets inline styles; nothing else is allowed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }
}
