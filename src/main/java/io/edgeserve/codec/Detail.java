package io.edgeserve.codec;

/**
 * Pieces of problem details: counts that read as English, and client text quoted within a bound, because a
 * detail must stay short whatever the client sent (a 50,000-character input name, a megabyte-long cell).
 */
final class Detail {

    private static final int QUOTED_CHARS = 100;

    private Detail() {}

    /** "1 value", "3 values". */
    static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** The text in single quotes, cut after 100 characters with "...". */
    static String quote(String text) {
        return "'" + (text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...") + "'";
    }
}
