package io.edgeserve.inference.precision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites an MXNet symbol graph so that chosen parameter variables are stored in one type and computed in
 * float32: each such variable gets a {@code Cast} node, {@code NAME_fp32}, and every consumer of the variable reads
 * the cast instead. Its rule: the variables themselves keep their names and stay variables, so a params file still
 * fills them by name ({@code arg:NAME}) and the graph's inputs are unchanged.
 *
 * <p>Works on both JSON dialects MXNet loads: 1.x/2.0 ({@code attrs}, input entries {@code [node, output, version]},
 * {@code node_row_ptr}) and the 2015 legacy one ({@code param}, entries {@code [node, output]}, no
 * {@code node_row_ptr}, no version stamp). New nodes follow the dialect of the document, and the document's
 * version stamp is left alone, because MXNet chooses its upgrade path for old graphs by that stamp.
 */
final class ParameterCasts {

    static final String SUFFIX = "_fp32";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** mshadow's type flag for float16, which Gluon writes as a variable's {@code __dtype__}. */
    private static final String FLOAT16_TYPE_FLAG = "2";

    private ParameterCasts() {}

    /**
     * @param symbolJson a {@code PREFIX-symbol.json} document
     * @param variables names of variables (without {@code arg:}/{@code aux:}) to store in float16 and cast
     * @return the rewritten document
     * @throws IllegalArgumentException if the document is not a symbol graph, a name is not one of its variables,
     *     or a cast's name is already taken
     */
    static String insert(String symbolJson, Set<String> variables) {
        ObjectNode root = parse(symbolJson);
        ArrayNode nodes = arrayField(root, "nodes");
        Dialect dialect = Dialect.of(nodes);
        Set<String> names = new HashSet<>();
        nodes.forEach(node -> names.add(node.path("name").asString()));
        for (String variable : variables) {
            if (names.contains(variable + SUFFIX)) {
                throw new IllegalArgumentException("the graph already has a node named '" + variable + SUFFIX + "'");
            }
        }

        int[] newIndex = new int[nodes.size()];
        int[] readIndex = new int[nodes.size()]; // where consumers of old node i now read from
        ArrayNode rewritten = NODES.arrayNode();
        List<Integer> outputsPerNode = new ArrayList<>();
        JsonNode rowPointers = root.get("node_row_ptr");
        Set<String> found = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            ObjectNode node = (ObjectNode) nodes.get(i).deepCopy();
            remapInputs(node, readIndex);
            newIndex[i] = rewritten.size();
            readIndex[i] = rewritten.size();
            rewritten.add(node);
            outputsPerNode.add(rowPointers == null ? 1 : rowPointers.get(i + 1).asInt() - rowPointers.get(i).asInt());
            String name = node.path("name").asString();
            if ("null".equals(node.path("op").asString()) && variables.contains(name)) {
                found.add(name);
                markFloat16(node, dialect);
                readIndex[i] = rewritten.size();
                rewritten.add(dialect.castNode(name, newIndex[i]));
                outputsPerNode.add(1);
            }
        }
        if (!found.containsAll(variables)) {
            Set<String> missing = new HashSet<>(variables);
            missing.removeAll(found);
            throw new IllegalArgumentException("the graph has no variables named " + missing);
        }

        root.set("nodes", rewritten);
        root.set("arg_nodes", remapIndices(arrayField(root, "arg_nodes"), newIndex));
        if (rowPointers != null) {
            ArrayNode pointers = root.putArray("node_row_ptr");
            int total = 0;
            pointers.add(total);
            for (int outputs : outputsPerNode) {
                total += outputs;
                pointers.add(total);
            }
        }
        // A head that is a cast variable itself would be a graph returning its own weights: leave it the variable.
        for (JsonNode head : arrayField(root, "heads")) {
            ((ArrayNode) head).set(0, NODES.numberNode(newIndex[head.get(0).asInt()]));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void remapInputs(ObjectNode node, int[] readIndex) {
        JsonNode inputs = node.get("inputs");
        if (inputs != null) {
            for (JsonNode entry : inputs) {
                ((ArrayNode) entry).set(0, NODES.numberNode(readIndex[entry.get(0).asInt()]));
            }
        }
        JsonNode controlDeps = node.get("control_deps");
        if (controlDeps instanceof ArrayNode deps) {
            for (int i = 0; i < deps.size(); i++) {
                deps.set(i, NODES.numberNode(readIndex[deps.get(i).asInt()]));
            }
        }
    }

    // Gluon stamps each parameter's type on its variable; a float32 stamp on a float16 array would contradict it.
    private static void markFloat16(ObjectNode variable, Dialect dialect) {
        JsonNode attrs = variable.get(dialect.attrsField());
        if (attrs instanceof ObjectNode map && map.has("__dtype__")) {
            map.put("__dtype__", FLOAT16_TYPE_FLAG);
        }
    }

    private static ArrayNode remapIndices(ArrayNode indices, int[] newIndex) {
        ArrayNode remapped = NODES.arrayNode();
        indices.forEach(index -> remapped.add(newIndex[index.asInt()]));
        return remapped;
    }

    private static ObjectNode parse(String symbolJson) {
        try {
            if (JSON.readTree(symbolJson) instanceof ObjectNode root) {
                return root;
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the symbol is not valid JSON: " + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("the symbol is not a JSON object");
    }

    private static ArrayNode arrayField(ObjectNode root, String field) {
        if (root.get(field) instanceof ArrayNode array) {
            return array;
        }
        throw new IllegalArgumentException("the symbol has no '" + field + "' array; is it an MXNet symbol file?");
    }

    /** How the document spells a node, learnt from its own nodes so that new ones match. */
    private record Dialect(String attrsField, int entryLength, boolean backwardSourceIds) {

        static Dialect of(ArrayNode nodes) {
            String attrsField = "attrs";
            int entryLength = 3;
            boolean backwardSourceIds = false;
            for (JsonNode node : nodes) {
                if (node.has("param")) {
                    attrsField = "param";
                }
                backwardSourceIds |= node.has("backward_source_id");
                JsonNode inputs = node.path("inputs");
                if (!inputs.isEmpty()) {
                    entryLength = inputs.get(0).size();
                }
            }
            return new Dialect(attrsField, entryLength, backwardSourceIds);
        }

        ObjectNode castNode(String variable, int variableIndex) {
            ObjectNode cast = NODES.objectNode();
            cast.put("op", "Cast");
            cast.put("name", variable + SUFFIX);
            cast.putObject(attrsField).put("dtype", "float32");
            ArrayNode entry = cast.putArray("inputs").addArray().add(variableIndex).add(0);
            if (entryLength == 3) {
                entry.add(0);
            }
            if (backwardSourceIds) {
                cast.put("backward_source_id", -1);
            }
            return cast;
        }
    }
}
