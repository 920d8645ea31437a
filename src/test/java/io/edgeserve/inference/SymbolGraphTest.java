package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolGraphTest {

    private static final String MLP = """
            {"nodes": [
              {"op": "null", "name": "data", "inputs": []},
              {"op": "null", "name": "fc_weight", "inputs": []},
              {"op": "FullyConnected", "name": "fc", "inputs": [[0, 0, 0], [1, 0, 0]]},
              {"op": "null", "name": "softmax_label", "inputs": []},
              {"op": "SoftmaxOutput", "name": "softmax", "inputs": [[2, 0, 0], [3, 0, 0]]}],
             "heads": [[4, 0, 0], [2, 1, 0]]}""";

    @TempDir
    Path dir;

    @Test
    void symbol_namesItsVariablesLabelsAndOutputs() throws IOException {
        SymbolGraph graph = SymbolGraph.read(write(MLP));

        assertThat(graph.variables()).containsExactly("data", "fc_weight", "softmax_label");
        assertThat(graph.labelVariables()).containsExactly("softmax_label");
        assertThat(graph.outputNames()).containsExactly("softmax_output", "fc_output1");
    }

    @Test
    void headPointingPastTheNodes_isAnInvalidModelNamingIt() throws IOException {
        // Found by fuzzing: this was a NullPointerException, and the model's status said nothing useful.
        Path file = write(MLP.replace("[[4, 0, 0], [2, 1, 0]]", "[[9, 0, 0]]"));

        assertThatThrownBy(() -> SymbolGraph.read(file)).isInstanceOf(InvalidModelException.class)
                .hasMessage("m-symbol.json: a head points at node 9, but there are 5");
    }

    @Test
    void headThatIsNoList_isAnInvalidModel() throws IOException {
        Path file = write(MLP.replace("[[4, 0, 0], [2, 1, 0]]", "[4]"));

        assertThatThrownBy(() -> SymbolGraph.read(file)).isInstanceOf(InvalidModelException.class)
                .hasMessage("m-symbol.json: a head is not [node index, output index, version]");
    }

    @Test
    void lossLabelInputThatIsNoList_isAnInvalidModel() throws IOException {
        Path file = write(MLP.replace("[[2, 0, 0], [3, 0, 0]]", "[[2, 0, 0], \"softmax_label\"]"));

        assertThatThrownBy(() -> SymbolGraph.read(file)).isInstanceOf(InvalidModelException.class)
                .hasMessage("m-symbol.json: an input of softmax is not [node index, output index, version]");
    }

    @Test
    void variableWithoutName_isAnInvalidModel() throws IOException {
        Path file = write(MLP.replace("\"name\": \"data\", ", ""));

        assertThatThrownBy(() -> SymbolGraph.read(file)).isInstanceOf(InvalidModelException.class)
                .hasMessage("m-symbol.json: a node has no \"name\"");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("m-symbol.json"), json);
    }
}
