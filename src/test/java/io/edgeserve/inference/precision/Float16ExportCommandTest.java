package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.tensor.DataType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Float16ExportCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noArguments_isAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("expected 2 arguments, got 0").contains(Float16ExportCommand.USAGE);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void oneOrThreeArguments_isAUsageError() {
        assertThat(run("model")).isEqualTo(2);
        assertThat(run("model", "out", "extra")).isEqualTo(2);
        assertThat(stderr()).contains("got 1").contains("got 3").contains("usage: edgeserve export-fp16 MODEL_DIR OUT_DIR");
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(run("--verify", "model", "out")).isEqualTo(2);
        assertThat(stderr()).contains("unknown option '--verify'").contains(Float16ExportCommand.USAGE);
    }

    @Test
    void help_printsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).startsWith(Float16ExportCommand.USAGE);
        assertThat(stderr()).isEmpty();
    }

    @Test
    void missingModelFolder_failsWithItsName() {
        assertThat(run(temp.resolve("absent").toString(), temp.resolve("out").toString())).isEqualTo(1);
        assertThat(stderr()).contains("export-fp16: ").contains("absent is not a folder");
    }

    @Test
    void float16Model_failsWithTheReason() throws Exception {
        Path model = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT16);

        assertThat(run(model.toString(), temp.resolve("out").toString())).isEqualTo(1);
        assertThat(stderr()).contains("only float32 models have a float16 variant");
    }

    @Test
    void export_reportsFilesSizesAndRatio() throws Exception {
        Path model = TinyModel.write(temp.resolve("tiny"), DataType.FLOAT32);
        Path outDir = temp.resolve("out");

        assertThat(run(model.toString(), outDir.toString())).isZero();

        assertThat(stdout()).contains("read  " + model.resolve("tiny-0000.params") + " (")
                .containsPattern("wrote " + Pattern.quote(outDir.resolve("tiny-symbol.json").toString())
                        + " \\([0-9,]+ bytes; 4 float16 parameters cast to float32 in the graph\\)")
                .containsPattern("wrote .*tiny-0000\\.params \\([0-9,]+ bytes, float16, [0-9.]+% of float32\\)");
        assertThat(stderr()).isEmpty();
    }

    private int run(String... args) {
        return Float16ExportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
