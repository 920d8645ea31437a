package io.edgeserve.capture;

import io.edgeserve.uplink.S3Clients;
import io.edgeserve.uplink.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Makes a {@link CaptureDestination} from {@code edgeserve.capture.destination}: {@code s3://} or {@code file:}. */
final class CaptureDestinations {

    private CaptureDestinations() {}

    /** @throws IllegalArgumentException naming what is wrong with the URI */
    static void validate(URI destination) {
        String scheme = destination.getScheme() == null ? "" : destination.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "s3" -> {
                if (destination.getHost() == null || destination.getHost().isBlank()) {
                    throw new IllegalArgumentException("edgeserve.capture.destination " + destination
                            + " names no bucket: s3://bucket/prefix/");
                }
            }
            case "file" -> {
                if (destination.getPath() == null || !destination.getPath().startsWith("/")) {
                    throw new IllegalArgumentException("edgeserve.capture.destination " + destination
                            + " is not an absolute path: file:/path/");
                }
            }
            default -> throw new IllegalArgumentException("edgeserve.capture.destination " + destination
                    + " is neither s3://bucket/prefix/ nor file:/path/");
        }
    }

    static CaptureDestination create(URI destination, CaptureProperties.S3 s3) {
        validate(destination);
        if (destination.getScheme().equalsIgnoreCase("file")) {
            return new FileDestination(Path.of(destination));
        }
        String prefix = destination.getPath() == null ? "" : destination.getPath().replaceFirst("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        S3Settings settings = new S3Settings(s3.endpoint(), s3.region(), s3.endpoint() != null && s3.pathStyle(),
                null, null);
        return new S3Destination(S3Clients.create(settings), destination.getHost(), prefix);
    }
}
