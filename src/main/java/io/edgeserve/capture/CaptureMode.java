package io.edgeserve.capture;

import java.util.Locale;

/** Which side of an inference is captured: SageMaker Data Capture's {@code Input}, {@code Output}, or both. */
public enum CaptureMode {
    INPUT,
    OUTPUT,
    BOTH;

    public boolean input() {
        return this != OUTPUT;
    }

    public boolean output() {
        return this != INPUT;
    }

    /** {@code input}, {@code output} or {@code both}, in any case. */
    public static CaptureMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("capture mode is input, output or both, not \"" + text + "\"");
        }
    }
}
