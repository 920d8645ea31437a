package io.edgeserve.inference;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says MXNet's refusals in plain words: no source paths, line numbers or native stack text reach a client. MXNet's
 * message names the layer and both shapes ({@code Error in operator fullyconnected0: Shape inconsistent, Provided =
 * [500,800], inferred shape=[500,320]}); the reason keeps those and drops the rest.
 */
final class EngineMessages {

    private static final Pattern OPERATOR = Pattern.compile("Error in operator ([\\w.\\-]+)");
    private static final Pattern INCONSISTENT =
            Pattern.compile("Shape inconsistent, Provided = \\[([0-9,\\s-]*)], inferred shape=\\[([0-9,\\s-]*)]");
    private static final Pattern CHECK = Pattern.compile("Check failed: ([^\\n]*)");
    private static final Pattern NOISE = Pattern.compile("\\[[0-9:]+] [^ ]+\\.(cc|h):\\d+: |MXNet engine call failed: ");

    private EngineMessages() {}

    /** The engine's reason for refusing a shape, in words a client can act on. */
    static String shapeReason(String engineMessage) {
        if (engineMessage == null || engineMessage.isBlank()) {
            return "the engine gave no reason";
        }
        Matcher operator = OPERATOR.matcher(engineMessage);
        String layer = operator.find() ? "layer '" + operator.group(1) + "'" : "a layer of the graph";
        Matcher inconsistent = INCONSISTENT.matcher(engineMessage);
        if (inconsistent.find()) {
            return layer + " has parameters of shape " + tuple(inconsistent.group(1))
                    + " but this input would need them to be " + tuple(inconsistent.group(2));
        }
        Matcher check = CHECK.matcher(engineMessage);
        if (check.find()) {
            return layer + " cannot take it (" + check.group(1).strip() + ")";
        }
        String firstLine = NOISE.matcher(engineMessage).replaceAll("").lines().findFirst().orElse("").strip();
        int trace = firstLine.indexOf("Stack trace");
        if (trace >= 0) {
            firstLine = firstLine.substring(0, trace).strip();
        }
        return firstLine.isEmpty() ? layer + " cannot take it" : firstLine;
    }

    /**
     * Why an input cannot pass a layer whose parameter {@code parameter} (e.g. {@code fullyconnected0_weight}) was
     * loaded with one shape while the input would need another.
     */
    static String parameterReason(String parameter, long[] loaded, long[] needed) {
        int cut = parameter.lastIndexOf('_');
        String layer = cut > 0 ? parameter.substring(0, cut) : parameter;
        String role = cut > 0 ? parameter.substring(cut + 1) : "parameter";
        return "layer '" + layer + "' has a " + role + " of shape " + io.edgeserve.tensor.Shape.of(loaded)
                + " but this input would need " + io.edgeserve.tensor.Shape.of(needed);
    }

    /** {@code 500,800} as NumPy prints a shape: {@code (500, 800)}. */
    private static String tuple(String dims) {
        String[] parts = dims.split("\\s*,\\s*");
        return "(" + String.join(", ", parts) + (parts.length == 1 ? ",)" : ")");
    }
}
