package io.edgeserve.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the spool, named so that its name alone orders it and gives its object key:
 * {@code SEQUENCE_VARIANT_OPENED_NONCE.jsonl}, with {@code .open} appended while the writer still appends to it.
 * The sequence orders uploads and deletions (oldest first); the opened time gives the key's hour; the nonce keeps
 * names apart across a spool that was emptied and started again.
 *
 * @param sequence the file's place in the spool's order
 * @param variant  the model variant all its records were answered by
 * @param opened   when its first record was written, to the millisecond
 * @param nonce    8 hex digits
 */
public record SpoolFile(long sequence, String variant, Instant opened, String nonce) implements Comparable<SpoolFile> {

    static final String CLOSED_SUFFIX = ".jsonl";
    static final String OPEN_SUFFIX = ".jsonl.open";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME =
            Pattern.compile("(\\d{16})_([A-Za-z0-9.-]+)_(\\d{8}T\\d{9}Z)_([0-9a-f]{8})(\\.jsonl|\\.jsonl\\.open)");

    public String closedName() {
        return base() + CLOSED_SUFFIX;
    }

    public String openName() {
        return base() + OPEN_SUFFIX;
    }

    private String base() {
        return String.format("%016d_%s_%s_%s", sequence, variant, STAMP.format(opened), nonce);
    }

    /** The file a spool name stands for, and whether it is still open; empty for any other name. */
    static Optional<Parsed> parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Instant opened = Instant.from(STAMP.parse(matcher.group(3)));
            return Optional.of(new Parsed(new SpoolFile(Long.parseLong(matcher.group(1)), matcher.group(2), opened,
                    matcher.group(4)), matcher.group(5).equals(OPEN_SUFFIX)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    record Parsed(SpoolFile file, boolean open) {}

    @Override
    public int compareTo(SpoolFile other) {
        return Long.compare(sequence, other.sequence);
    }
}
