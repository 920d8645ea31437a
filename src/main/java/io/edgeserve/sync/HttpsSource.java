package io.edgeserve.sync;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * A catalogue on a web server ({@code https://host/path/}), read with the JDK's HTTP client; a resumed download
 * asks for a {@code Range}. The TLS context says whom it trusts: the SSL bundle that
 * {@code edgeserve.sync.https.trust-bundle} names, or the JVM's trust store.
 *
 * <p>The JDK client's request timeout ends when the headers arrive; a body that then stalls would block a read
 * for ever. So every read of a body is watched: one that gets no byte within the read timeout closes the body
 * and fails, and the next attempt resumes from what was saved.
 */
public final class HttpsSource implements CatalogueSource {

    private final HttpClient client;
    private final URI base;
    private final Duration readTimeout;
    private final String trustedBy;
    private final ScheduledExecutorService watchdog;

    /**
     * @param trust          the TLS context whose trust managers judge the server's certificate
     * @param trustedBy      what that trust is, for the reason a refused certificate gives
     * @param connectTimeout how long a connection, and a request up to its response headers, may take
     * @param readTimeout    how long a body may send nothing before the download is cut
     */
    public HttpsSource(URI base, SSLContext trust, String trustedBy, Duration connectTimeout, Duration readTimeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.readTimeout = readTimeout;
        this.trustedBy = trustedBy;
        this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        var timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("sync-https-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = Executors.unconfigurableScheduledExecutorService(timer);
    }

    @Override
    public byte[] readSmall(String path) throws IOException {
        HttpResponse<InputStream> response = send(path, 0);
        try (InputStream body = watched(response.body(), path)) {
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException(base.resolve(path) + " answered " + response.statusCode());
            }
            return body.readAllBytes();
        }
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        HttpResponse<InputStream> response = send(path, offset);
        InputStream body = watched(response.body(), path);
        int status = response.statusCode();
        if (offset > 0 && status == 200) {
            // The server ignored the range: skip what we have, rather than append it twice.
            body.skipNBytes(offset);
            return body;
        }
        if (status != 200 && status != 206) {
            body.close();
            throw new IOException(base.resolve(path) + " answered " + status);
        }
        return body;
    }

    private HttpResponse<InputStream> send(String path, long offset) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(readTimeout).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (SSLHandshakeException e) {
            throw new IOException("TLS handshake with " + base.getHost() + ":" + base.getPort() + " refused; "
                    + "is its certificate signed by a CA in " + trustedBy + "? " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private InputStream watched(InputStream body, String path) {
        return new WatchedBody(body, base.resolve(path));
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close();
    }

    /** A body whose every read must see a byte within the read timeout; else it is closed and the read fails. */
    private final class WatchedBody extends FilterInputStream {
        private final URI uri;
        private long received;
        private volatile boolean timedOut;

        WatchedBody(InputStream body, URI uri) {
            super(body);
            this.uri = uri;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Closing the JDK's body stream is what wakes a read blocked on it (it then sees an end of stream).
            ScheduledFuture<?> alarm = watchdog.schedule(this::expire, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            int read;
            try {
                read = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw timedOut ? stalled() : e;
            } finally {
                alarm.cancel(false);
            }
            if (timedOut) {
                throw stalled();
            }
            if (read > 0) {
                received += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            // Through read, so that skipping a body the server sent whole is watched too.
            byte[] scratch = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
            long skipped = 0;
            while (skipped < n) {
                int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        private void expire() {
            timedOut = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // the read it wakes reports the stall
            }
        }

        private IOException stalled() {
            return new IOException(uri + " sent no byte for " + readTimeout + " after " + received
                    + " bytes of its body (edgeserve.sync.https.read-timeout)");
        }
    }
}
