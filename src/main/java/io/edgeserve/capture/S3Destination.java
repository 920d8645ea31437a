package io.edgeserve.capture;

import java.io.IOException;
import java.nio.file.Path;
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
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

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
