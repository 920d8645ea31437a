package io.edgeserve.inference.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.engine.Symbol;
import ai.djl.ndarray.NDManager;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MlpSymbolTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MlpSymbol IRIS_LIKE = new MlpSymbol(
            List.of(new MlpSymbol.FullyConnected("fc1", 16), new MlpSymbol.Activation("relu1", "relu"),
                    new MlpSymbol.FullyConnected("fc2", 3)),
            "softmax");

    @Test
    void toJson_hasMxnetGraphLayout() {
        JsonNode graph = JSON.readTree(IRIS_LIKE.toJson());

        assertThat(graph.get("nodes").valueStream().map(node -> node.get("op").asString()).toList())
                .containsExactly("null", "null", "null", "FullyConnected", "Activation", "null", "null",
                        "FullyConnected", "null", "SoftmaxOutput");
        assertThat(graph.get("nodes").valueStream().map(node -> node.get("name").asString()).toList())
                .containsExactly("data", "fc1_weight", "fc1_bias", "fc1", "relu1", "fc2_weight", "fc2_bias", "fc2",
                        "softmax_label", "softmax");
        assertThat(graph.get("arg_nodes").toString()).isEqualTo("[0,1,2,5,6,8]");
        assertThat(graph.get("node_row_ptr").toString()).isEqualTo("[0,1,2,3,4,5,6,7,8,9,10]");
        assertThat(graph.get("heads").toString()).isEqualTo("[[9,0,0]]");
        assertThat(graph.get("nodes").get(7).get("inputs").toString()).isEqualTo("[[4,0,0],[5,0,0],[6,0,0]]");
        assertThat(graph.get("nodes").get(7).get("attrs").toString()).isEqualTo("{\"num_hidden\":\"3\"}");
        assertThat(graph.get("attrs").toString())
                .isEqualTo("{\"mxnet_version\":[\"int\"," + MlpSymbol.MXNET_VERSION + "]}");
    }

    @Test
    void names_followMxnetConventions() {
        assertThat(IRIS_LIKE.parameterNames()).containsExactly("fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias");
        assertThat(IRIS_LIKE.argumentNames())
                .containsExactly("data", "fc1_weight", "fc1_bias", "fc2_weight", "fc2_bias", "softmax_label");
    }

    @Test
    void mxnetLoadsOurGraphAndSavesItBackUnchanged() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "MXNet");
                Symbol symbol = Symbol.loadJson((MxNDManager) manager, IRIS_LIKE.toJson())) {
            assertThat(symbol.getArgNames()).containsExactlyElementsOf(IRIS_LIKE.argumentNames());
            Map<String, ai.djl.ndarray.types.Shape> shapes =
                    symbol.inferShape(new PairList<>(List.of("data"), List.of(new ai.djl.ndarray.types.Shape(5, 4))));
            assertThat(shapes.get("fc1_weight")).isEqualTo(new ai.djl.ndarray.types.Shape(16, 4));
            assertThat(shapes.get("fc2_weight")).isEqualTo(new ai.djl.ndarray.types.Shape(3, 16));

            JsonNode ours = JSON.readTree(IRIS_LIKE.toJson());
            JsonNode mxnets = JSON.readTree(symbol.toJsonString());
            for (String field : List.of("nodes", "arg_nodes", "node_row_ptr", "heads")) {
                assertThat(mxnets.get(field)).as(field).isEqualTo(ours.get(field));
            }
            // MXNet adds is_np_shape only because DJL runs it in NumPy mode; the version must be the same.
            assertThat(mxnets.get("attrs").get("mxnet_version")).isEqualTo(ours.get("attrs").get("mxnet_version"));
        }
    }

    @Test
    void invalidGraphs_areRefused() {
        var fc = new MlpSymbol.FullyConnected("fc", 2);
        assertThatThrownBy(() -> new MlpSymbol(List.of(fc, fc), "softmax")).hasMessageContaining("used twice");
        assertThatThrownBy(() -> new MlpSymbol(List.of(new MlpSymbol.FullyConnected("data", 2)), "softmax"))
                .hasMessageContaining("'data' is used twice");
        assertThatThrownBy(() -> new MlpSymbol(List.of(fc), "soft\"max")).hasMessageContaining("plain identifier");
        assertThatThrownBy(() -> new MlpSymbol(List.of(), "softmax")).hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> new MlpSymbol.Activation("a", "gelu")).hasMessageContaining("unknown act_type");
        assertThatThrownBy(() -> new MlpSymbol.FullyConnected("f", 0)).hasMessageContaining("at least one unit");
    }
}
