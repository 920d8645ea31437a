package io.edgeserve.capture;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Object keys in SageMaker Data Capture's layout, {@code PREFIX/ENDPOINT/VARIANT/yyyy/mm/dd/hh/FILE.jsonl}, made
 * from the spool file's name alone: the same file always gets the same key, so a retried or resumed upload
 * rewrites its object rather than adding a second one.
 */
public final class ObjectKeys {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("mm-ss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final String prefix;
    private final String endpoint;

    /** @param prefix the destination's prefix: empty, or ending in {@code /} */
    public ObjectKeys(String prefix, String endpoint) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a key prefix ends in '/': " + prefix);
        }
        this.prefix = prefix;
        this.endpoint = endpoint;
    }

    public String key(SpoolFile file) {
        return prefix + endpoint + "/" + file.variant() + "/" + HOUR.format(file.opened()) + "/"
                + FILE.format(file.opened()) + "-" + String.format("%016d", file.sequence()) + "-" + file.nonce()
                + SpoolFile.CLOSED_SUFFIX;
    }

    /** Whether {@code text} can be one segment of a key as it is: no slashes, no spaces, nothing to escape. */
    static boolean isSafeSegment(String text) {
        return SAFE.matcher(text).matches() && !text.equals(".") && !text.equals("..");
    }
}
