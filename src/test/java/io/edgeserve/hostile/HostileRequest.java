package io.edgeserve.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One request of the hostile corpus, as raw bytes on the wire, and the status a careful HTTP server answers it
 * with. The client half-closes its side after {@link #bytes()}, so a request cut short ends in end-of-stream
 * rather than in the server's read timeout.
 *
 * @param name           what is hostile about it, for reports
 * @param bytes          the request exactly as sent
 * @param expectedStatus the status it must be answered with
 */
public record HostileRequest(String name, byte[] bytes, int expectedStatus) {

    /** A request written as text; each character is one byte (ISO-8859-1), so NUL and control bytes survive. */
    static HostileRequest of(String name, int expectedStatus, String raw) {
        return new HostileRequest(name, raw.getBytes(StandardCharsets.ISO_8859_1), expectedStatus);
    }

    @Override
    public String toString() {
        return name;
    }
}
