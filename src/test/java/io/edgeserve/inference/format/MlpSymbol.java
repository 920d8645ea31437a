package io.edgeserve.inference.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The {@code prefix-symbol.json} of a multilayer perceptron, {@code data → (FullyConnected | Activation)* →
 * SoftmaxOutput}, laid out as MXNet 1.x's {@code Symbol.save} lays it out, so that MXNet and DJL load it like one
 * MXNet wrote. Its rule: every name in the graph is unique and a plain identifier, so the JSON needs no escaping.
 *
 * <p>As in MXNet, a fully connected layer {@code fc1} owns the arguments {@code fc1_weight} (shape
 * {@code (numHidden, inputs)}) and {@code fc1_bias}, and the output layer {@code softmax} declares the label
 * argument {@code softmax_label}, which only training uses.
 */
public final class MlpSymbol {

    /**
     * The version the MXNet 1.9.1 native library (mxnet-native-mkl 1.9.1) stamps on the graphs it saves: it calls
     * itself 1.9.0 and warns, on every load, about a graph stamped with a higher version such as 10901.
     */
    public static final int MXNET_VERSION = 10900;
    public static final String INPUT_NAME = "data";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> ACTIVATION_TYPES = Set.of("relu", "sigmoid", "tanh", "softrelu", "softsign");

    /** One hidden step of the perceptron. */
    public sealed interface Layer permits FullyConnected, Activation {
        String name();
    }

    /** MXNet's {@code FullyConnected} with a bias. */
    public record FullyConnected(String name, int numHidden) implements Layer {
        public FullyConnected {
            if (numHidden < 1) {
                throw new IllegalArgumentException("layer '" + name + "' needs at least one unit, got " + numHidden);
            }
        }
    }

    /** MXNet's {@code Activation}; {@code actType} is one of relu, sigmoid, tanh, softrelu, softsign. */
    public record Activation(String name, String actType) implements Layer {
        public Activation {
            if (!ACTIVATION_TYPES.contains(actType)) {
                throw new IllegalArgumentException("unknown act_type '" + actType + "', expected " + ACTIVATION_TYPES);
            }
        }
    }

    private final List<Layer> layers;
    private final String outputName;

    /**
     * @param layers the steps from {@code data} to the output, in order
     * @param outputName the name of the {@code SoftmaxOutput}, which is also the name clients see, usually
     *     {@code softmax}
     */
    public MlpSymbol(List<Layer> layers, String outputName) {
        this.layers = List.copyOf(layers);
        this.outputName = Objects.requireNonNull(outputName, "outputName");
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("a perceptron needs at least one layer");
        }
        Set<String> names = new HashSet<>();
        for (String name : allNames()) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a plain identifier");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("the name '" + name + "' is used twice");
            }
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    public String outputName() {
        return outputName;
    }

    public String labelName() {
        return outputName + "_label";
    }

    /** The learned arguments, {@code fc1_weight, fc1_bias, ...}; a params file stores each as {@code arg:<name>}. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof FullyConnected) {
                names.add(layer.name() + "_weight");
                names.add(layer.name() + "_bias");
            }
        }
        return names;
    }

    /** All arguments in MXNet's {@code list_arguments()} order: data, the parameters, then the label. */
    public List<String> argumentNames() {
        List<String> names = new ArrayList<>();
        names.add(INPUT_NAME);
        names.addAll(parameterNames());
        names.add(labelName());
        return names;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** The graph as MXNet 1.x saves it: nodes in topological order, each with one output. */
    public String toJson() {
        List<String> nodes = new ArrayList<>();
        List<Integer> argNodes = new ArrayList<>();
        nodes.add(variable(INPUT_NAME, ""));
        argNodes.add(0);
        int previous = 0;
        for (Layer layer : layers) {
            switch (layer) {
                case FullyConnected fc -> {
                    // MXNet copies the operator's attributes onto the variables it creates for it.
                    String attrs = "{\"num_hidden\": \"" + fc.numHidden() + "\"}";
                    argNodes.add(nodes.size());
                    nodes.add(variable(fc.name() + "_weight", attrs));
                    argNodes.add(nodes.size());
                    nodes.add(variable(fc.name() + "_bias", attrs));
                    int weight = nodes.size() - 2;
                    nodes.add(operator("FullyConnected", fc.name(), attrs, previous, weight, weight + 1));
                }
                case Activation act -> nodes.add(
                        operator("Activation", act.name(), "{\"act_type\": \"" + act.actType() + "\"}", previous));
            }
            previous = nodes.size() - 1;
        }
        argNodes.add(nodes.size());
        nodes.add(variable(labelName(), ""));
        nodes.add(operator("SoftmaxOutput", outputName, "", previous, nodes.size() - 1));

        List<Integer> rowPointers = new ArrayList<>();
        for (int i = 0; i <= nodes.size(); i++) {
            rowPointers.add(i);
        }
        return "{\n  \"nodes\": [\n" + String.join(",\n", nodes) + "\n  ],\n"
                + "  \"arg_nodes\": " + argNodes + ",\n"
                + "  \"node_row_ptr\": " + rowPointers + ",\n"
                + "  \"heads\": [[" + (nodes.size() - 1) + ", 0, 0]],\n"
                + "  \"attrs\": {\"mxnet_version\": [\"int\", " + MXNET_VERSION + "]}\n}\n";
    }

    private static String variable(String name, String attrs) {
        return node("null", name, attrs, "[]");
    }

    private static String operator(String op, String name, String attrs, int... inputs) {
        StringJoiner entries = new StringJoiner(", ", "[", "]");
        for (int input : inputs) {
            entries.add("[" + input + ", 0, 0]");
        }
        return node(op, name, attrs, entries.toString());
    }

    private static String node(String op, String name, String attrs, String inputs) {
        return "    {\n"
                + "      \"op\": \"" + op + "\",\n"
                + "      \"name\": \"" + name + "\",\n"
                + (attrs.isEmpty() ? "" : "      \"attrs\": " + attrs + ",\n")
                + "      \"inputs\": " + inputs + "\n"
                + "    }";
    }

    private List<String> allNames() {
        List<String> names = new ArrayList<>(argumentNames());
        layers.forEach(layer -> names.add(layer.name()));
        names.add(outputName);
        return names;
    }
}
