package io.edgeserve.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The first final answer a server gives to raw request bytes on a fresh connection, parsed: status, headers (names
 * in lower case), body. Interim 1xx answers are skipped. Status 0 means the server closed the connection without
 * answering. Needs nothing but the JDK, so that {@link HostileRun} runs from the compiled test classes alone.
 *
 * @param status  the status code, or 0 for no answer
 * @param headers the answer's headers, the last of each name
 * @param body    the answer's body as text (ISO-8859-1)
 */
public record RawAnswer(int status, Map<String, String> headers, String body) {

    /** The headers every answer carries: browser hardening (see SecurityHeadersFilter). */
    public static final String[] SECURITY_HEADERS = {"x-content-type-options", "x-frame-options",
        "content-security-policy", "referrer-policy"};

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(https://edgeserve\\.io/problems/[a-z-]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*(\\d+)");

    /** Sends {@code request} over plain TCP or, with {@code tls}, over the given factory's TLS. */
    public static RawAnswer exchange(String host, int port, SSLSocketFactory tls, byte[] request) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), 5_000);
            Socket socket = tls == null ? plain : tls.createSocket(plain, host, port, false);
            socket.setSoTimeout(15_000);
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                // End-of-stream rather than a wait: a request cut short is refused at once, not after a timeout.
                // Over TLS this sends close_notify, which TLS 1.3 allows as a half-close.
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before it has read everything; read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // A server that keeps the connection open after answering: what it sent is the answer.
        } catch (IOException e) {
            // A reset after the answer was sent.
        }
        return bytes.toByteArray();
    }

    static RawAnswer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        while (text.startsWith("HTTP/1.1 1")) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                break;
            }
            text = text.substring(end + 4);
        }
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || headEnd < 0) {
            return new RawAnswer(0, Map.of(), text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        String body = text.substring(headEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            body = body.substring(0, Math.min(length, body.length()));
        }
        return new RawAnswer(status, headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    public boolean answered() {
        return status != 0;
    }

    /** An RFC 9457 problem of edgeserve's: the media type, a stable type URI and the status repeated in the body. */
    public boolean isProblem() {
        String type = headers.getOrDefault("content-type", "");
        Matcher status = STATUS.matcher(body);
        return type.startsWith("application/problem+json") && TYPE.matcher(body).find()
                && status.find() && Integer.parseInt(status.group(1)) == this.status;
    }

    public boolean hasSecurityHeaders() {
        return Arrays.stream(SECURITY_HEADERS).allMatch(headers::containsKey);
    }

    /** The problem's type URI, or null. */
    public String problemType() {
        Matcher type = TYPE.matcher(body);
        return type.find() ? type.group(1) : null;
    }

    @Override
    public String toString() {
        return status + " " + headers.getOrDefault("content-type", "(no type)") + " " + body.replace("\r\n", " ")
                .substring(0, Math.min(200, body.length()));
    }
}
