package io.edgeserve.inference;

import io.edgeserve.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an MXNet {@code symbol.json} says about a graph's interface: its free variables in order, which of
 * them are training labels, and the names of its outputs. DJL only learns input shapes after a forward
 * pass and names no outputs, so edgeserve reads the file itself.
 */
record SymbolGraph(List<String> variables, List<String> labelVariables, List<String> outputNames) {

    /** Loss layers whose second input is a label that inference does not use. */
    private static final Set<String> LOSS_OPS = Set.of("SoftmaxOutput", "LinearRegressionOutput",
            "LogisticRegressionOutput", "MAERegressionOutput", "SVMOutput", "MakeLoss");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static SymbolGraph read(Path symbolFile) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(symbolFile));
        } catch (JacksonException e) {
            throw new InvalidModelException(symbolFile.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + symbolFile.getFileName() + ": " + e.getMessage());
        }
        JsonNode nodes = root.get("nodes");
        JsonNode heads = root.get("heads");
        if (nodes == null || !nodes.isArray() || heads == null || !heads.isArray()) {
            throw new InvalidModelException(symbolFile.getFileName() + " has no \"nodes\" or \"heads\": not an MXNet symbol");
        }
        String file = symbolFile.getFileName().toString();
        List<String> variables = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode node : nodes) {
            if ("null".equals(node.path("op").stringValue(null))) {
                variables.add(name(node, file));
            }
        }
        for (JsonNode node : nodes) {
            JsonNode inputs = node.path("inputs");
            if (LOSS_OPS.contains(node.path("op").stringValue("")) && inputs.size() >= 2) {
                JsonNode label = nodeAt(nodes, inputs.get(1), "an input of " + name(node, file), file);
                if ("null".equals(label.path("op").stringValue(null))) {
                    labels.add(name(label, file));
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode head : heads) {
            JsonNode node = nodeAt(nodes, head, "a head", file);
            int output = integer(head.get(1), "a head's output index", file);
            outputs.add(name(node, file) + "_output" + (output == 0 ? "" : output));
        }
        return new SymbolGraph(List.copyOf(variables), List.copyOf(labels), List.copyOf(outputs));
    }

    /**
     * The node an entry of {@code inputs} or {@code heads} points at: {@code [node, output, version]}. The
     * file is the model's, so what is wrong with it is the operator's to hear, never an exception from deep
     * inside.
     */
    private static JsonNode nodeAt(JsonNode nodes, JsonNode entry, String what, String file) {
        int index = integer(entry == null ? null : entry.get(0), what, file);
        JsonNode node = nodes.get(index);
        if (node == null) {
            throw new InvalidModelException(file + ": " + what + " points at node " + index + ", but there are "
                    + nodes.size());
        }
        return node;
    }

    private static int integer(JsonNode value, String what, String file) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidModelException(file + ": " + what + " is not [node index, output index, version]");
        }
        return value.intValue();
    }

    private static String name(JsonNode node, String file) {
        JsonNode name = node.get("name");
        if (name == null || !name.isString()) {
            throw new InvalidModelException(file + ": a node has no \"name\"");
        }
        return name.stringValue();
    }
}
