package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    @TempDir
    Path root;

    @Test
    void sageMakerLayout_theFolderItselfIsTheModel() throws IOException {
        touch("model-symbol.json", "model-0000.params", "model-shapes.json");

        List<ModelLocation> found = ModelFolder.discover(root);

        assertThat(found).containsExactly(new ModelLocation(root.getFileName().toString(), root));
        ModelFiles files = ModelFolder.read("model", root, ModelManifest.EMPTY);
        assertThat(files.prefix()).isEqualTo("model");
        assertThat(files.epoch()).isZero();
    }

    @Test
    void gluonExport_picksTheHighestEpoch() throws IOException {
        touch("lenet-symbol.json", "lenet-0002.params", "lenet-0010.params", "lenet-0007.params");

        ModelFiles files = ModelFolder.read("lenet", root, ModelManifest.EMPTY);

        assertThat(files.prefix()).isEqualTo("lenet");
        assertThat(files.epoch()).isEqualTo(10);
        assertThat(files.paramsFile().getFileName()).hasToString("lenet-0010.params");
    }

    @Test
    void manifestEpoch_winsOverTheHighest() throws IOException {
        touch("lenet-symbol.json", "lenet-0002.params", "lenet-0010.params");

        ModelFiles files = ModelFolder.read("lenet", root, new ModelManifest(null, 2, null, null, null, null));

        assertThat(files.epoch()).isEqualTo(2);
    }

    @Test
    void manifestEpochMissing_namesTheEpochsPresent() throws IOException {
        touch("lenet-symbol.json", "lenet-0010.params");

        assertThatThrownBy(() -> ModelFolder.read("lenet", root, new ModelManifest(null, 3, null, null, null, null)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no lenet-0003.params")
                .hasMessageContaining("[10]");
    }

    @Test
    void folderOfFolders_eachSubfolderIsAModelNamedAfterIt() throws IOException {
        touch("b/net-symbol.json", "b/net-0000.params", "a/model-symbol.json", "a/model-0000.params",
                "c/model.tar.gz", "d/model-0000.params", "notes/readme.txt", ".hidden/model-symbol.json");

        List<ModelLocation> found = ModelFolder.discover(root);

        assertThat(found).extracting(ModelLocation::name).containsExactly("a", "b", "c", "d");
        assertThat(ModelFolder.isArchive(root.resolve("c"))).isTrue();
        assertThat(ModelFolder.isArchive(root.resolve("a"))).isFalse();
    }

    @Test
    void numberedVersionFolders_areVersionsOfOneModel() throws IOException {
        touch("iris/1/iris-symbol.json", "iris/1/iris-0000.params", "iris/2/iris-symbol.json", "iris/2/iris-0000.params",
                "iris/10/model.tar.gz", "iris/notes/readme.txt", "other/model-symbol.json");

        List<ModelLocation> found = ModelFolder.discover(root);

        assertThat(found).extracting(ModelLocation::name).containsExactly("iris:1", "iris:2", "iris:10", "other");
        assertThat(found.get(2).path()).isEqualTo(root.resolve("iris/10"));
    }

    @Test
    void rootOfVersionFolders_isOneVersionedModel() throws IOException {
        touch("3/model-symbol.json", "3/model-0000.params", "7/model-symbol.json", "7/model-0000.params");

        assertThat(ModelFolder.discover(root)).extracting(ModelLocation::name)
                .containsExactly(root.getFileName() + ":3", root.getFileName() + ":7");
    }

    @Test
    void float16FilesBesideFloat32_areItsFloat16Variant() throws IOException {
        touch("model-symbol.json", "model-0000.params", "model-float16-symbol.json", "model-float16-0000.params");

        ModelFiles files = ModelFolder.read("m", root, ModelManifest.EMPTY);

        assertThat(files.prefix()).isEqualTo("model");
        assertThat(files.float16().prefix()).isEqualTo("model-float16");
        assertThat(files.float16().paramsFile().getFileName()).hasToString("model-float16-0000.params");
    }

    @Test
    void missingParams_isReportedPrecisely() throws IOException {
        touch("model-symbol.json");

        assertThatThrownBy(() -> ModelFolder.read("m", root, ModelManifest.EMPTY))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("no model-NNNN.params file beside model-symbol.json");
    }

    @Test
    void missingSymbol_isReportedPrecisely() throws IOException {
        touch("model-0000.params");

        assertThatThrownBy(() -> ModelFolder.read("m", root, ModelManifest.EMPTY))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("no *-symbol.json file in the model folder");
    }

    @Test
    void severalSymbols_withoutManifest_askForAPrefix() throws IOException {
        touch("a-symbol.json", "b-symbol.json", "a-0000.params", "b-0000.params");

        assertThatThrownBy(() -> ModelFolder.read("m", root, ModelManifest.EMPTY))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("several symbol files [a, b]")
                .hasMessageContaining("\"prefix\"");
    }

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
    }
}
