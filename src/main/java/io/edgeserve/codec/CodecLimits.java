package io.edgeserve.codec;

/**
 * Bounds on what one request body may expand into while it is decoded. The HTTP layer bounds the body's
 * bytes; these bound the memory and work those bytes can cost, so that a few megabytes of JSON or a small
 * zip can never claim gigabytes. Every bound breached is the client's fault and answered with a 400.
 *
 * @param maxNestingDepth deepest nesting of JSON lists and objects, counting the outermost
 * @param maxElements most numbers in one body, summed over all its tensors
 * @param maxInputs most named tensors in one body (JSON object members, NPZ entries)
 * @param maxCsvLineChars longest CSV line, in characters, not counting its line ending
 */
public record CodecLimits(int maxNestingDepth, int maxElements, int maxInputs, int maxCsvLineChars) {

    /** 32 levels, 16 Mi numbers (64 MiB as float32), 256 inputs, 1 Mi characters per CSV line. */
    public static final CodecLimits DEFAULTS = new CodecLimits(32, 16 * 1024 * 1024, 256, 1024 * 1024);

    public CodecLimits {
        requirePositive("maxNestingDepth", maxNestingDepth);
        requirePositive("maxElements", maxElements);
        requirePositive("maxInputs", maxInputs);
        requirePositive("maxCsvLineChars", maxCsvLineChars);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
