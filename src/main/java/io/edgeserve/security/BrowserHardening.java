package io.edgeserve.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The browser hardening headers every response carries: no MIME sniffing, no framing, no referrer, a content
 * security policy that allows only this origin's scripts, and on HTTPS, HSTS. {@link SecurityHeadersFilter} sets
 * them on what the application answers; the connector's own refusals, which no filter sees, set them here too.
 */
public final class BrowserHardening {

    /** Swagger UI loads its scripts from this origin and sets inline styles; nothing else is allowed. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    private BrowserHardening() {}

    public static void apply(HttpServletResponse response, boolean secure) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (secure) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
