package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.inference.format.MlpSymbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ParameterCastsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MLP = new MlpSymbol(
            List.of(new MlpSymbol.FullyConnected("fc1", 3), new MlpSymbol.Activation("relu1", "relu"),
                    new MlpSymbol.FullyConnected("fc2", 2)),
            "softmax").toJson();
    private static final Set<String> MLP_PARAMETERS = Set.of("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias");

    // The 2015 dialect of mnist-lenet: "param", two-element input entries, no node_row_ptr, no version stamp.
    private static final String LEGACY = """
            {"nodes": [
              {"op": "null", "param": {}, "name": "data", "inputs": [], "backward_source_id": -1},
              {"op": "null", "param": {}, "name": "fc_weight", "inputs": [], "backward_source_id": -1},
              {"op": "null", "param": {}, "name": "fc_bias", "inputs": [], "backward_source_id": -1},
              {"op": "FullyConnected", "param": {"num_hidden": "2"}, "name": "fc",
               "inputs": [[0, 0], [1, 0], [2, 0]], "backward_source_id": -1}
             ],
             "arg_nodes": [0, 1, 2],
             "heads": [[3, 0]]}
            """;

    @Test
    void eachParameter_getsACastToFloat32RightAfterIt() {
        JsonNode nodes = JSON.readTree(ParameterCasts.insert(MLP, MLP_PARAMETERS)).get("nodes");

        assertThat(names(nodes)).containsExactly("data", "fc1_weight", "fc1_weight_fp32", "fc1_bias", "fc1_bias_fp32",
                "fc1", "relu1", "fc2_weight", "fc2_weight_fp32", "fc2_bias", "fc2_bias_fp32", "fc2", "softmax_label",
                "softmax");
        JsonNode cast = nodes.get(2);
        assertThat(cast.get("op").asString()).isEqualTo("Cast");
        assertThat(cast.get("attrs").get("dtype").asString()).isEqualTo("float32");
        assertThat(cast.get("inputs").toString()).isEqualTo("[[1,0,0]]");
    }

    @Test
    void consumers_readTheCastsAndEverythingElseFollowsItsNode() {
        JsonNode nodes = JSON.readTree(ParameterCasts.insert(MLP, MLP_PARAMETERS)).get("nodes");

        assertThat(nodes.get(5).get("inputs").toString()).isEqualTo("[[0,0,0],[2,0,0],[4,0,0]]");
        assertThat(nodes.get(6).get("inputs").toString()).isEqualTo("[[5,0,0]]");
        assertThat(nodes.get(11).get("inputs").toString()).isEqualTo("[[6,0,0],[8,0,0],[10,0,0]]");
        assertThat(nodes.get(13).get("inputs").toString()).isEqualTo("[[11,0,0],[12,0,0]]");
    }

    @Test
    void variables_stayArgumentsUnderTheirNames_andRowPointersCountTheCasts() {
        JsonNode root = JSON.readTree(ParameterCasts.insert(MLP, MLP_PARAMETERS));

        assertThat(root.get("arg_nodes").toString()).isEqualTo("[0,1,3,7,9,12]");
        assertThat(root.get("node_row_ptr").toString()).isEqualTo("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14]");
        assertThat(root.get("heads").toString()).isEqualTo("[[13,0,0]]");
        assertThat(root.get("attrs").toString()).isEqualTo("{\"mxnet_version\":[\"int\",10900]}");
    }

    @Test
    void onlyTheNamedVariables_areCast() {
        JsonNode nodes = JSON.readTree(ParameterCasts.insert(MLP, Set.of("fc2_weight"))).get("nodes");

        assertThat(names(nodes)).filteredOn(name -> name.endsWith(ParameterCasts.SUFFIX))
                .containsExactly("fc2_weight_fp32");
    }

    @Test
    void legacyGraph_getsCastsInItsOwnDialect() {
        JsonNode root = JSON.readTree(ParameterCasts.insert(LEGACY, Set.of("fc_weight", "fc_bias")));

        JsonNode cast = root.get("nodes").get(2);
        assertThat(cast.get("param").get("dtype").asString()).isEqualTo("float32");
        assertThat(cast.has("attrs")).isFalse();
        assertThat(cast.get("inputs").toString()).isEqualTo("[[1,0]]");
        assertThat(cast.get("backward_source_id").asInt()).isEqualTo(-1);
        assertThat(root.get("nodes").get(5).get("inputs").toString()).isEqualTo("[[0,0],[2,0],[4,0]]");
        assertThat(root.has("node_row_ptr")).isFalse();
        assertThat(root.has("attrs")).isFalse();
        assertThat(root.get("heads").toString()).isEqualTo("[[5,0]]");
    }

    @Test
    void gluonTypeStamp_onACastVariable_saysFloat16() {
        String gluon = """
                {"nodes": [
                  {"op": "null", "name": "data", "inputs": []},
                  {"op": "null", "name": "w", "attrs": {"__dtype__": "0", "__shape__": "(2, 3)"}, "inputs": []},
                  {"op": "FullyConnected", "name": "fc", "attrs": {"num_hidden": "2", "no_bias": "True"},
                   "inputs": [[0, 0, 0], [1, 0, 0]]}
                 ],
                 "arg_nodes": [0, 1], "node_row_ptr": [0, 1, 2, 3], "heads": [[2, 0, 0]],
                 "attrs": {"mxnet_version": ["int", 20000]}}
                """;

        JsonNode variable = JSON.readTree(ParameterCasts.insert(gluon, Set.of("w"))).get("nodes").get(1);

        assertThat(variable.get("attrs").get("__dtype__").asString()).isEqualTo("2");
        assertThat(variable.get("attrs").get("__shape__").asString()).isEqualTo("(2, 3)");
    }

    @Test
    void unknownVariable_isRefusedByName() {
        assertThatThrownBy(() -> ParameterCasts.insert(MLP, Set.of("fc1_weight", "fc9_weight")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc9_weight");
    }

    @Test
    void operatorName_isNotAVariable() {
        assertThatThrownBy(() -> ParameterCasts.insert(MLP, Set.of("fc1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variables named [fc1]");
    }

    @Test
    void castNameAlreadyTaken_isRefused() {
        String taken = MLP.replace("\"relu1\"", "\"fc1_weight_fp32\"");

        assertThatThrownBy(() -> ParameterCasts.insert(taken, Set.of("fc1_weight")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc1_weight_fp32");
    }

    @Test
    void documentThatIsNotASymbol_isRefused() {
        assertThatThrownBy(() -> ParameterCasts.insert("{\"nodes\": 3}", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nodes'");
        assertThatThrownBy(() -> ParameterCasts.insert("[1, 2", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    private static List<String> names(JsonNode nodes) {
        List<String> names = new ArrayList<>();
        nodes.forEach(node -> names.add(node.get("name").asString()));
        return names;
    }
}
