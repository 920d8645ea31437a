package io.edgeserve.codec;

/**
 * The small limits the codec fuzz tests run with, so that an allocation past them is plainly a bug: what a
 * parser may allocate follows from these, never from a size read from the input.
 */
final class FuzzLimits {

    /** 64 Ki numbers, 16 inputs, 4 Ki characters a CSV line. */
    static final CodecLimits CODEC = new CodecLimits(32, 64 * 1024, 16, 4096);

    /** Generous for 64 Ki numbers and a fuzzer's inputs of a few kilobytes; far below an allocation bomb. */
    static final long CODEC_ALLOCATION_BYTES = 32L << 20;

    /** 512 x 512 pixels. */
    static final long MAX_PIXELS = 512 * 512;

    /** A decoded 512 x 512 picture and the decoder's own buffers. */
    static final long IMAGE_ALLOCATION_BYTES = 64L << 20;

    static final int MAX_IMAGES = 8;

    private FuzzLimits() {}
}
