package io.edgeserve.problem;

import java.util.List;
import java.util.Locale;

/**
 * What the servlet container refused, in edgeserve's words: the problem type for the status it set and a detail
 * that names what was wrong without repeating the container's own message (which quotes the hostile bytes and
 * names the library). The cause is recognised from the container's exception where there is one; otherwise the
 * status alone decides.
 *
 * @param type   the problem to answer; its status may differ from the container's for statuses edgeserve has
 *               no type of its own for
 * @param detail what to tell the client
 */
record ConnectorRefusal(ProblemType type, String detail) {

    /** Phrases of the container's parse errors, most specific first, with what edgeserve says instead. */
    private static final List<String[]> CAUSES = List.of(
            new String[] {"method name", "the method is not a valid HTTP token"},
            new String[] {"request target", "the request target contains a byte that is not allowed: control bytes, NUL,"
                    + " spaces and non-ASCII bytes must be percent-encoded"},
            new String[] {"too large", "the request line and headers exceed the size limit"
                    + " (server.max-http-request-header-size)"},
            new String[] {"protocol", "the request line does not end in a valid HTTP version"},
            new String[] {"host", "the Host header is missing, repeated or not a valid host"},
            new String[] {"chunk", "the chunked body is malformed or ends early"},
            new String[] {"content-length", "the Content-Length header is not one non-negative number"},
            new String[] {"header", "a header line is malformed"},
            new String[] {"end of stream", "the body ended before its declared length"},
            new String[] {"eof", "the body ended before its declared length"});

    static ConnectorRefusal of(int status, String method, Throwable cause) {
        return switch (status) {
            case 400 -> new ConnectorRefusal(ProblemType.MALFORMED_REQUEST, badRequest(cause));
            case 404 -> new ConnectorRefusal(ProblemType.NOT_FOUND, "there is no resource at this path");
            case 405 -> new ConnectorRefusal(ProblemType.METHOD_NOT_ALLOWED, safe(method) + " is not allowed here");
            case 408 -> new ConnectorRefusal(ProblemType.REQUEST_TIMEOUT, "the request did not arrive in time");
            case 413 -> new ConnectorRefusal(ProblemType.PAYLOAD_TOO_LARGE, "the request is too large");
            case 415 -> new ConnectorRefusal(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the request's media type is not supported");
            case 417 -> new ConnectorRefusal(ProblemType.EXPECTATION_FAILED, "only 'Expect: 100-continue' is supported");
            case 501 -> new ConnectorRefusal(ProblemType.NOT_IMPLEMENTED, "CONNECT".equals(method)
                    ? "the method CONNECT is not implemented here"
                    : "the request uses a method or a Transfer-Encoding that is not implemented here; bodies are sent"
                            + " with Content-Length or Transfer-Encoding: chunked");
            case 503 -> new ConnectorRefusal(ProblemType.SHUTTING_DOWN, "the service is not accepting requests now");
            case 505 -> new ConnectorRefusal(ProblemType.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.1 and HTTP/1.0 are served");
            default -> status < 500
                    ? new ConnectorRefusal(ProblemType.INVALID_REQUEST, "the request was refused (HTTP status " + status + ")")
                    : new ConnectorRefusal(ProblemType.INTERNAL_ERROR, "the service failed to handle this request; it is logged");
        };
    }

    private static String badRequest(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // The container quotes the offending bytes in brackets; only its own words pick the cause.
            String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\[[^\\]]*\\]", "").toLowerCase(Locale.ROOT);
            for (String[] phrase : CAUSES) {
                if (message.contains(phrase[0])) {
                    return phrase[1];
                }
            }
        }
        return "the request is not valid HTTP/1.1: its request line, a header, its target or its framing is malformed,"
                + " or its body ended early";
    }

    /** The method as sent, when it is a plain token; it came from the client, so anything else is not echoed. */
    private static String safe(String method) {
        return method != null && method.matches("[A-Z]{1,16}") ? method : "this method";
    }
}
