package io.edgeserve.capture;

import java.io.IOException;

/**
 * The destination refused an object in a way that trying again cannot fix (S3 answered 4xx such as AccessDenied or
 * an invalid key), as opposed to an outage (5xx, timeouts, refused connections), which is retried until it ends.
 * The uploader tries such a file a few times, then moves it aside so that the files behind it go on.
 */
public final class RejectedUploadException extends IOException {

    public RejectedUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
