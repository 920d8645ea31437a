package io.edgeserve.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An {@code s3://bucket/prefix/} destination through the shared uplink client (AWS, or an S3-compatible store at
 * an endpoint override). A PUT that returned has been stored by S3; any SDK failure is an upload failure.
 */
final class S3Destination implements CaptureDestination {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    S3Destination(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void store(String key, Path file) throws IOException {
        try {
            client.putObject(put -> put.bucket(bucket).key(key).contentType("application/jsonlines"),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            String message = "s3://" + bucket + "/" + key + ": " + e.getMessage();
            throw refusedForGood(e) ? new RejectedUploadException(message, e) : new IOException(message, e);
        }
    }

    /**
     * Whether S3 refused the PUT itself with a client error that the same request cannot get past: 4xx, except a
     * request timeout (408), throttling (429), and the errors that pass with time or a credentials refresh (a clock
     * skew, an expired token). Everything else (5xx, no answer at all) is an outage, retried until it ends.
     */
    static boolean refusedForGood(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            return false;
        }
        int status = service.statusCode();
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return status >= 400 && status < 500 && status != 408 && status != 429 && !PASSING_ERRORS.contains(code);
    }

    private static final Set<String> PASSING_ERRORS = Set.of("RequestTimeout", "RequestTimeTooSkewed",
            "ExpiredToken", "TokenRefreshRequired", "SlowDown", "Throttling", "ThrottlingException");

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }
}
