package io.edgeserve.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that a client is told about: its {@link ProblemType} decides the status, its message is the
 * problem's {@code detail} and must be safe to show (no paths, class names or stack traces). Extra members
 * (an expected shape, a retry delay) travel in {@link #properties()}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** Adds an extension member to the problem body; returns this for chaining. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public static ProblemException malformed(String detail) {
        return new ProblemException(ProblemType.MALFORMED_BODY, detail);
    }

    public static ProblemException malformed(String detail, Throwable cause) {
        return new ProblemException(ProblemType.MALFORMED_BODY, detail, cause);
    }
}
