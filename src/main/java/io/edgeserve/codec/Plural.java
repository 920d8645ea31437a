package io.edgeserve.codec;

/** Counts in error details read as English: "1 value", "3 values". */
final class Plural {

    private Plural() {}

    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
