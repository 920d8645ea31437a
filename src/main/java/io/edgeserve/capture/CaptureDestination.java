package io.edgeserve.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where closed spool files go. {@link #store} returns only once the store has confirmed the object; a second call
 * with the same key replaces the object, it never adds another.
 */
public interface CaptureDestination extends AutoCloseable {

    /**
     * Stores {@code file} as {@code key}, or throws: nothing is deleted until this returns.
     *
     * @throws RejectedUploadException where the store refused this object for good (a retry cannot fix it)
     * @throws IOException             where it failed in a way that may pass (the store unreachable, a 5xx)
     */
    void store(String key, Path file) throws IOException;

    /** The key prefix of the destination's URI: empty, or ending in {@code /}. */
    String prefix();

    /** The destination as configured, for logs and GET /capture (no credentials are ever part of it). */
    String describe();

    @Override
    default void close() {}
}
