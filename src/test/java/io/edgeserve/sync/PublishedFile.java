package io.edgeserve.sync;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of a published catalogue folder as a plain web server answers for it, for the HTTP(S) source tests: 404
 * outside the folder or for no file, else 200, or 206 from the start a {@code Range: bytes=N-} asks for. The status
 * and headers are sent; the test's handler writes {@link #content()} from {@link #from()} as it chooses.
 *
 * @param content the whole file
 * @param from    the first byte the answer carries
 */
record PublishedFile(byte[] content, int from) {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** Sends the status and headers for the file the request names under {@code /site/}; null after a 404. */
    static PublishedFile answer(HttpExchange exchange, Path published, AtomicInteger rangeRequests) throws IOException {
        Path file = published.resolve(exchange.getRequestURI().getPath().substring("/site/".length())).normalize();
        if (!file.startsWith(published) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return null;
        }
        byte[] content = Files.readAllBytes(file);
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (matcher != null && matcher.matches()) {
            from = Integer.parseInt(matcher.group(1));
            rangeRequests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, content.length - from);
        return new PublishedFile(content, from);
    }

    /** The bytes the answer carries. */
    int length() {
        return content.length - from;
    }
}
