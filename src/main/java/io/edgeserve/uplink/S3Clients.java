package io.edgeserve.uplink;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the one kind of S3 client the gateway uses: blocking, over the SDK's Apache HTTP client, with the
 * timeouts from {@link S3Settings}. The SDK's own retries are limited to its standard mode; callers that poll
 * (sync, capture) wrap calls in their own {@link Backoff}, so a dead link costs one short failure, not minutes.
 */
public final class S3Clients {

    private S3Clients() {}

    /** A client whose credentials come from the SDK's default chain. */
    public static S3Client create(S3Settings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client with the given credentials: tests, or a caller that holds its own. */
    public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        // Over plain http the SDK would sign uploads in aws-chunked framing, which several
                        // S3-compatible stores (s3rver among them) keep as part of the object.
                        .chunkedEncodingEnabled(settings.endpoint() == null)
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        if (settings.endpoint() != null) {
            // S3-compatible stores often lack the SDK's newer default checksums (aws-chunked uploads with trailing
            // CRC32): some store the chunk framing as the object. Checksums only where the API requires them.
            builder.endpointOverride(settings.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }
}
