package io.edgeserve.capture;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Data capture's settings ({@code edgeserve.capture.*}), bound once at start and validated; docs/data-capture.md
 * explains each. The first four are defaults a model's manifest may override.
 *
 * @param enabled            whether a model's requests are captured where its manifest does not say; off by default,
 *                           and a manifest's {@code capture.enabled} overrides it either way
 * @param samplingPercentage the share of answered requests captured, 0 to 100
 * @param mode               {@code input}, {@code output} or {@code both}
 * @param maxBodySize        the largest body recorded; a larger one is recorded as skipped, never cut
 * @param dir                the local spool; the temporary folder's {@code edgeserve-capture} when unset
 * @param maxSpoolSize       the spool's size bound: past it the oldest files are deleted, and counted
 * @param maxAge             the spool's age bound: older files are deleted, and counted
 * @param destination        {@code s3://bucket/prefix/} or {@code file:/path/}; unset, files stay in the spool
 * @param flushInterval      how often records reach the file: a crash loses at most this much
 * @param queueCapacity      records waiting for the writer; past it they are dropped, and counted
 * @param maxFileSize        a spool file is closed (and may be uploaded) at this size
 * @param rotateInterval     ... or when it has been open this long
 * @param endpointName       the endpoint name in object keys; this gateway's host name when unset
 * @param s3                 how to reach an S3-compatible store rather than AWS
 * @param initialBackoff     the first wait after a failed upload, doubling per failure
 * @param maxBackoff         the longest wait between upload attempts
 */
@ConfigurationProperties("edgeserve.capture")
public record CaptureProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("100") double samplingPercentage,
        @DefaultValue("both") CaptureMode mode,
        @DefaultValue("1MB") DataSize maxBodySize,
        Path dir,
        @DefaultValue("256MB") DataSize maxSpoolSize,
        @DefaultValue("7d") Duration maxAge,
        URI destination,
        @DefaultValue("1s") Duration flushInterval,
        @DefaultValue("1000") int queueCapacity,
        @DefaultValue("8MB") DataSize maxFileSize,
        @DefaultValue("60s") Duration rotateInterval,
        String endpointName,
        @DefaultValue S3 s3,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff) {

    public CaptureProperties {
        new CaptureSettings(enabled, samplingPercentage, mode, maxBodySize.toBytes()); // validates them
        if (maxSpoolSize.toBytes() < 1 || maxFileSize.toBytes() < 1 || maxFileSize.toBytes() > maxSpoolSize.toBytes()) {
            throw new IllegalArgumentException(
                    "edgeserve.capture.max-file-size and max-spool-size must be positive, the file no larger than the spool");
        }
        if (!isPositive(maxAge) || !isPositive(flushInterval) || !isPositive(rotateInterval)
                || !isPositive(initialBackoff) || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("edgeserve.capture.max-age, flush-interval, rotate-interval and "
                    + "initial-backoff must be positive, and max-backoff no shorter than initial-backoff");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("edgeserve.capture.queue-capacity must be positive");
        }
        if (destination != null) {
            CaptureDestinations.validate(destination);
        }
        if (endpointName != null && !ObjectKeys.isSafeSegment(endpointName)) {
            throw new IllegalArgumentException("edgeserve.capture.endpoint-name '" + endpointName
                    + "' must be letters, digits, '.', '_' or '-'");
        }
    }

    /** The settings every model starts from. */
    public CaptureSettings defaults() {
        return new CaptureSettings(enabled, samplingPercentage, mode, maxBodySize.toBytes());
    }

    public Path effectiveDir() {
        return dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "edgeserve-capture");
    }

    /**
     * An S3-compatible store: its base URL ({@code http://minio:9000}), signing region and addressing. Credentials
     * come from the AWS SDK's default chain (environment, profile, instance or container role).
     */
    public record S3(URI endpoint, @DefaultValue("us-east-1") String region, @DefaultValue("true") boolean pathStyle) {}

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
