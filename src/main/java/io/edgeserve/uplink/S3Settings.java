package io.edgeserve.uplink;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an S3 bucket: AWS itself (no endpoint) or an S3-compatible store (MinIO, Ceph, a test server) at
 * {@code endpoint}, usually with {@code pathStyle} access since such stores seldom serve bucket-named hosts.
 *
 * @param endpoint           the store's base URL, or {@code null} for AWS's regional endpoint
 * @param region             the signing region; S3-compatible stores accept any, {@code us-east-1} by convention
 * @param pathStyle          {@code https://host/bucket/key} rather than {@code https://bucket.host/key}
 * @param connectTimeout     how long to wait for a TCP (and TLS) connection
 * @param socketTimeout      how long a read may wait for the next byte: a stalled download fails after this
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, Duration connectTimeout,
        Duration socketTimeout) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("S3 endpoint must be an absolute http(s) URL, got " + endpoint);
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(10), "connectTimeout");
        socketTimeout = positive(socketTimeout, Duration.ofSeconds(30), "socketTimeout");
    }

    /** AWS S3 in a region, with the default timeouts. */
    public static S3Settings aws(String region) {
        return new S3Settings(null, region, false, null, null);
    }

    /** An S3-compatible store at {@code endpoint}, path-style, with the default timeouts. */
    public static S3Settings compatible(URI endpoint) {
        return new S3Settings(Objects.requireNonNull(endpoint, "endpoint"), DEFAULT_REGION, true, null, null);
    }

    public S3Settings withSocketTimeout(Duration timeout) {
        return new S3Settings(endpoint, region, pathStyle, connectTimeout, timeout);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
