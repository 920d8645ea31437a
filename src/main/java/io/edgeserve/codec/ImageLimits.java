package io.edgeserve.codec;

/**
 * Bounds on the pictures in one request. The body's bytes are bounded by the HTTP layer; a few kilobytes of
 * PNG can still claim gigabytes once decoded, so the pixels each picture declares are checked before it is
 * decoded, and no more pictures decode at once than there are cores to decode them.
 *
 * @param maxPixels        most pixels (width times height) one picture may declare
 * @param maxImages        most pictures in one request (multipart parts, JSON instances)
 * @param concurrentDecodes most pictures being decoded at the same moment, across all requests
 */
public record ImageLimits(long maxPixels, int maxImages, int concurrentDecodes) {

    /** 40 megapixels, 64 pictures a request, one decode per core. */
    public static final ImageLimits DEFAULTS =
            new ImageLimits(40_000_000L, 64, Runtime.getRuntime().availableProcessors());

    public ImageLimits {
        if (maxPixels < 1 || maxImages < 1 || concurrentDecodes < 1) {
            throw new IllegalArgumentException("image limits must be positive: maxPixels " + maxPixels
                    + ", maxImages " + maxImages + ", concurrentDecodes " + concurrentDecodes);
        }
    }
}
