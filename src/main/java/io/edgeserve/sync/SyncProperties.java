package io.edgeserve.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code edgeserve.sync.*}: which catalogue a gateway follows and how (docs/deploy-edge.md). Sync is off unless
 * {@code source} is set.
 *
 * @param source        {@code s3://bucket/prefix/}, {@code https://host/path/} or {@code file:/path/}
 *                      (env {@code EDGESERVE_SYNC_SOURCE})
 * @param publicKeys    trusted Ed25519 public keys, each PEM text or the path of a PEM file; several during a
 *                      key rotation
 * @param dir           the sync folder: downloads, verified versions, the last applied catalogue. Put it on
 *                      persistent storage: it is what a gateway serves after a restart with no network
 * @param interval      how often to look for a new catalogue (jittered down by up to {@code jitter})
 * @param jitter        the fraction of the interval by which polls spread out over a fleet, 0 to 1
 * @param retryInitial  the first wait after the source failed; doubles per failure up to {@code interval}
 * @param expiryGrace   how long after its expiry a catalogue is still accepted (clock skew on gateways)
 * @param keepVersions  older versions per model kept on disk for rollback
 * @param drain         how long a replaced version stays open for requests already on their way to it
 * @param selfTestTimeout how long a self-test prediction may take
 * @param maxBandwidth  bytes per second downloads may take (0: no cap)
 * @param s3            the S3 client's settings
 * @param https         the web server source's settings
 */
@ConfigurationProperties("edgeserve.sync")
public record SyncProperties(
        URI source,
        @DefaultValue List<String> publicKeys,
        @DefaultValue("sync") Path dir,
        @DefaultValue("5m") Duration interval,
        @DefaultValue("0.1") double jitter,
        @DefaultValue("5s") Duration retryInitial,
        @DefaultValue("1h") Duration expiryGrace,
        @DefaultValue("1") int keepVersions,
        @DefaultValue("2s") Duration drain,
        @DefaultValue("30s") Duration selfTestTimeout,
        @DefaultValue("0B") DataSize maxBandwidth,
        @DefaultValue S3 s3,
        @DefaultValue Https https) {

    public SyncProperties {
        if (source != null && !List.of("s3", "https", "http", "file").contains(String.valueOf(source.getScheme()))) {
            throw new IllegalArgumentException("edgeserve.sync.source must be s3://, https:// or file:, got " + source);
        }
        if (source != null && publicKeys.isEmpty()) {
            throw new IllegalArgumentException("edgeserve.sync.source is set but edgeserve.sync.public-keys is empty: "
                    + "a gateway follows only signed catalogues");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("edgeserve.sync.interval must be positive");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("edgeserve.sync.jitter must be within [0, 1]");
        }
        if (maxBandwidth.isNegative()) {
            throw new IllegalArgumentException("edgeserve.sync.max-bandwidth must not be negative");
        }
        if (keepVersions < 0) {
            throw new IllegalArgumentException("edgeserve.sync.keep-versions must not be negative");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryInitial.compareTo(interval) > 0) {
            throw new IllegalArgumentException("edgeserve.sync.retry-initial must be positive and at most the interval");
        }
    }

    /**
     * @param endpoint       an S3-compatible store's URL (MinIO, Ceph...), or none for AWS
     * @param region         the signing region
     * @param pathStyle      bucket in the path, not the host name: most S3-compatible stores need it
     * @param connectTimeout how long a connection may take
     * @param socketTimeout  how long a download may stall before it is cut (and later resumed)
     */
    public record S3(URI endpoint, @DefaultValue("us-east-1") String region, @DefaultValue("false") boolean pathStyle,
            @DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration socketTimeout) {}

    /**
     * @param trustBundle    the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust store judges the
     *                       web server's certificate; none: the JVM's trust store
     * @param connectTimeout how long a connection, and a request up to its response headers, may take
     * @param readTimeout    how long a body may send nothing before the download is cut (and later resumed)
     */
    public record Https(String trustBundle, @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout) {

        public Https {
            if (trustBundle != null && trustBundle.isBlank()) {
                trustBundle = null;
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("edgeserve.sync.https.connect-timeout and .read-timeout must be positive");
            }
        }
    }
}
