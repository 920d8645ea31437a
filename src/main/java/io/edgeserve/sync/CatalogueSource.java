package io.edgeserve.sync;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where a catalogue and its files are published: the network seam of model sync. Paths are relative to the
 * source's root ({@code catalogue.json}, {@code NAME/VERSION/FILE}).
 */
public interface CatalogueSource extends AutoCloseable {

    /** The whole of a small file, or null where it does not exist. */
    byte[] readSmall(String path) throws IOException;

    /** The file from byte {@code offset} on (a ranged read: how a cut download resumes). */
    InputStream open(String path, long offset) throws IOException;

    /** The source as an operator wrote it, for the status. */
    String describe();

    @Override
    default void close() {}
}
