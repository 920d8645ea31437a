package io.edgeserve.sync;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A catalogue on a web server ({@code https://host/path/}), read with the JDK's HTTP client and the gateway's
 * trust store (the JVM's, {@code javax.net.ssl.trustStore}); a resumed download asks for a {@code Range}.
 */
public final class HttpsSource implements CatalogueSource {

    private final HttpClient client;
    private final URI base;
    private final Duration timeout;

    public HttpsSource(URI base, SSLContext trust, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public byte[] readSmall(String path) throws IOException {
        HttpResponse<byte[]> response = send(path, 0, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException(base.resolve(path) + " answered " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        HttpResponse<InputStream> response = send(path, offset, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (offset > 0 && status == 200) {
            // The server ignored the range: skip what we have, rather than append it twice.
            InputStream body = response.body();
            body.skipNBytes(offset);
            return body;
        }
        if (status != 200 && status != 206) {
            response.body().close();
            throw new IOException(base.resolve(path) + " answered " + status);
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(String path, long offset, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        try {
            return client.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
