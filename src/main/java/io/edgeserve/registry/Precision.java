package io.edgeserve.registry;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import java.util.Locale;

/** The precision variants a model is served in; the names are those clients write ({@code NAME@float16}). */
public enum Precision {
    FLOAT32,
    FLOAT16;

    /** Computed once: every answer's headers and metrics ask for it. */
    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The variant whose parameters are held in {@code type}. */
    public static Precision of(DataType type) {
        return type == DataType.FLOAT16 ? FLOAT16 : FLOAT32;
    }

    /** @throws ProblemException 400 naming the precisions there are */
    public static Precision parse(String text) {
        for (Precision precision : values()) {
            if (precision.label().equalsIgnoreCase(text.strip())) {
                return precision;
            }
        }
        throw new ProblemException(ProblemType.INVALID_REQUEST, "unknown precision '" + text + "'; use float32 or float16");
    }
}
