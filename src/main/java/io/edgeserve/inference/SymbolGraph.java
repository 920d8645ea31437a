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
        List<String> variables = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode node : nodes) {
            if ("null".equals(node.path("op").asString())) {
                variables.add(node.path("name").asString());
            }
        }
        for (JsonNode node : nodes) {
            JsonNode inputs = node.path("inputs");
            if (LOSS_OPS.contains(node.path("op").asString()) && inputs.size() >= 2) {
                JsonNode label = nodes.get(inputs.get(1).get(0).asInt());
                if (label != null && "null".equals(label.path("op").asString())) {
                    labels.add(label.path("name").asString());
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode head : heads) {
            JsonNode node = nodes.get(head.get(0).asInt());
            outputs.add(node.path("name").asString() + "_output" + (head.get(1).asInt() == 0 ? "" : head.get(1).asInt()));
        }
        return new SymbolGraph(List.copyOf(variables), List.copyOf(labels), List.copyOf(outputs));
    }
}
