package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;

/**
 * Counts the numbers one request body has produced so far, across all its tensors, and stops the body the
 * moment it passes {@link CodecLimits#maxElements()}: readers take from it before they allocate, never after.
 * One per request; not thread-safe.
 */
final class ElementBudget {

    private final int maxElements;
    private long taken;

    ElementBudget(int maxElements) {
        this.maxElements = maxElements;
    }

    /** Claims {@code count} more elements, or throws a 400 if the body would then hold too many. */
    void take(long count) {
        taken += count;
        if (taken > maxElements) {
            throw ProblemException.malformed(
                    "the body holds more than " + maxElements + " numbers, the most one request may carry");
        }
    }
}
