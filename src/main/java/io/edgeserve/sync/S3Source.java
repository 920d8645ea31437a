package io.edgeserve.sync;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A catalogue under an S3 prefix ({@code s3://bucket/prefix/}), read with plain and ranged GETs. */
public final class S3Source implements CatalogueSource {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /** @param location {@code s3://bucket/prefix/}; the prefix may be empty */
    public S3Source(S3Client client, URI location) {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("an S3 source looks like s3://bucket/prefix/, got " + location);
        }
        this.client = client;
        this.bucket = location.getHost();
        String path = location.getPath() == null ? "" : location.getPath().replaceFirst("^/", "");
        this.prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }

    @Override
    public byte[] readSmall(String path) throws IOException {
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + path)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new IOException("s3://" + bucket + "/" + prefix + path + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("s3://" + bucket + "/" + prefix + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        try {
            return client.getObject(b -> {
                b.bucket(bucket).key(prefix + path);
                if (offset > 0) {
                    b.range("bytes=" + offset + "-");
                }
            });
        } catch (SdkException e) {
            throw new IOException("s3://" + bucket + "/" + prefix + path + " from byte " + offset + ": " + e.getMessage(), e);
        }
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
