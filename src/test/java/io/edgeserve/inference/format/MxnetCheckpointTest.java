package io.edgeserve.inference.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MxnetCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void onlySymbol_givesItsPrefixAndTheHighestEpoch() throws IOException {
        touch("resnet-symbol.json", "resnet-0000.params", "resnet-0012.params", "resnet-0003.params", "other.params");

        MxnetCheckpoint checkpoint = MxnetCheckpoint.locate(dir);

        assertThat(checkpoint).isEqualTo(new MxnetCheckpoint(dir, "resnet", 12));
        assertThat(checkpoint.symbolFile()).isEqualTo(dir.resolve("resnet-symbol.json"));
        assertThat(checkpoint.paramsFile()).isEqualTo(dir.resolve("resnet-0012.params"));
    }

    @Test
    void severalSymbols_preferSageMakersModel() throws IOException {
        touch("a-symbol.json", "a-0000.params", "model-symbol.json", "model-0001.params");

        assertThat(MxnetCheckpoint.locate(dir)).isEqualTo(new MxnetCheckpoint(dir, "model", 1));
    }

    @Test
    void severalSymbolsWithoutModel_areRefusedWithTheirPrefixes() throws IOException {
        touch("a-symbol.json", "a-0000.params", "b-symbol.json", "b-0000.params");

        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("[a, b]").hasMessageContaining("'prefix'");
    }

    @Test
    void manifest_namesPrefixAndEpoch() throws IOException {
        touch("a-symbol.json", "a-0000.params", "b-symbol.json", "b-0002.params", "b-0007.params");
        Files.writeString(dir.resolve("edgeserve.json"), "{\"prefix\": \"b\", \"epoch\": 2, \"labels\": \"x.txt\"}");

        assertThat(MxnetCheckpoint.locate(dir)).isEqualTo(new MxnetCheckpoint(dir, "b", 2));
    }

    @Test
    void manifestPrefixAlone_takesTheHighestEpoch() throws IOException {
        touch("a-symbol.json", "a-0000.params", "b-symbol.json", "b-0002.params", "b-0007.params");
        Files.writeString(dir.resolve("edgeserve.json"), "{\"prefix\": \"b\"}");

        assertThat(MxnetCheckpoint.locate(dir)).isEqualTo(new MxnetCheckpoint(dir, "b", 7));
    }

    @Test
    void manifestNamingAMissingEpoch_isRefusedWithTheFile() throws IOException {
        touch("b-symbol.json", "b-0002.params");
        Files.writeString(dir.resolve("edgeserve.json"), "{\"epoch\": 3}");

        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("b-0003.params is missing");
    }

    @Test
    void malformedManifest_isRefused() throws IOException {
        touch("b-symbol.json", "b-0002.params");
        Path manifest = dir.resolve("edgeserve.json");

        for (String text : new String[] {"{\"epoch\": \"2\"}", "{\"epoch\": -1}", "{\"prefix\": 7}", "[1]", "{"}) {
            Files.writeString(manifest, text);
            assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).as(text).isInstanceOf(IOException.class)
                    .hasMessageContaining("edgeserve.json");
        }
        Files.writeString(manifest, "{\"prefix\": \"../b\", \"epoch\": 2}");
        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a file prefix");
    }

    @Test
    void noSymbol_isRefused_andAnArchiveIsPointedOut() throws IOException {
        touch("model.tar.gz");

        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("no *-symbol.json").hasMessageContaining("unpack model.tar.gz");
    }

    @Test
    void noParams_isRefused() throws IOException {
        touch("m-symbol.json", "m-12.params");

        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("no m-NNNN.params");
    }

    @Test
    void notAFolder_isRefused() {
        assertThatThrownBy(() -> MxnetCheckpoint.locate(dir.resolve("absent"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void in_keepsPrefixAndEpoch() {
        Path other = dir.resolve("out");

        assertThat(new MxnetCheckpoint(dir, "m", 10).in(other).paramsFile()).isEqualTo(other.resolve("m-0010.params"));
    }

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.writeString(dir.resolve(name), "");
        }
    }
}
