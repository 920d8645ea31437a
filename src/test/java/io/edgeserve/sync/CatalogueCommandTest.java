package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code catalogue keygen|build|verify}, as a publisher's CI runs them. */
class CatalogueCommandTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Clock clock, String... args) {
        return CatalogueCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private Path linregFolder() {
        Path models = root.resolve("models");
        SyncRig.link(models.resolve("linreg"), SharedModels.existingModel("sagemaker-linreg").resolve("model.tar.gz"));
        return models;
    }

    @Test
    void keygenBuildVerify_roundTrip() {
        Path models = linregFolder();
        Path keys = root.resolve("keys");
        Path out = root.resolve("out");

        assertThat(run(NOW, "keygen", keys.toString())).isZero();
        assertThat(run(NOW, "build", models.toString(), out.toString(), "--key",
                keys.resolve(CatalogueCommand.PRIVATE_KEY_FILE).toString(), "--valid-for", "P7D")).isZero();
        int verified = run(NOW, "verify", out.toString(), "--public-key",
                keys.resolve(CatalogueCommand.PUBLIC_KEY_FILE).toString());

        assertThat(verified).as(err.toString()).isZero();
        assertThat(this.out.toString()).contains("linreg version 1").contains("all 1 files match");
        assertThat(out.resolve("linreg/1/model.tar.gz")).exists();
    }

    @Test
    void build_bumpsAnUnversionedModelOnlyWhenItsFilesChange() throws IOException {
        Path models = linregFolder();
        run(NOW, "keygen", root.resolve("keys").toString());
        String key = root.resolve("keys").resolve(CatalogueCommand.PRIVATE_KEY_FILE).toString();
        Path out = root.resolve("out");

        run(NOW, "build", models.toString(), out.toString(), "--key", key);
        run(NOW, "build", models.toString(), out.toString(), "--key", key);
        Catalogue unchanged = CatalogueJson.read(Files.readAllBytes(out.resolve("catalogue.json")));
        Files.writeString(models.resolve("linreg").resolve("notes.txt"), "retrained");
        run(NOW, "build", models.toString(), out.toString(), "--key", key);
        Catalogue changed = CatalogueJson.read(Files.readAllBytes(out.resolve("catalogue.json")));

        assertThat(unchanged.version()).isEqualTo(2);
        assertThat(unchanged.release("linreg").version()).isEqualTo(1);
        assertThat(changed.version()).isEqualTo(3);
        assertThat(changed.release("linreg").version()).isEqualTo(2);
    }

    @Test
    void verify_failsOnAChangedFile_andOnAnotherKey() throws IOException {
        Path models = linregFolder();
        run(NOW, "keygen", root.resolve("keys").toString());
        run(NOW, "keygen", root.resolve("other").toString());
        Path out = root.resolve("out");
        run(NOW, "build", models.toString(), out.toString(), "--key",
                root.resolve("keys").resolve(CatalogueCommand.PRIVATE_KEY_FILE).toString());

        int otherKey = run(NOW, "verify", out.toString(), "--public-key",
                root.resolve("other").resolve(CatalogueCommand.PUBLIC_KEY_FILE).toString());
        Files.write(out.resolve("linreg/1/model.tar.gz"), new byte[] {1, 2, 3});
        int changedFile = run(NOW, "verify", out.toString(), "--public-key",
                root.resolve("keys").resolve(CatalogueCommand.PUBLIC_KEY_FILE).toString());

        assertThat(otherKey).isEqualTo(1);
        assertThat(changedFile).isEqualTo(1);
        assertThat(err.toString()).contains("signature").contains("differs from the catalogue: linreg/1/model.tar.gz");
    }

    @Test
    void verify_refusesAnExpiredCatalogue() {
        Path models = linregFolder();
        run(NOW, "keygen", root.resolve("keys").toString());
        Path out = root.resolve("out");
        run(NOW, "build", models.toString(), out.toString(), "--key",
                root.resolve("keys").resolve(CatalogueCommand.PRIVATE_KEY_FILE).toString(), "--valid-for", "PT1H");

        int code = run(Clock.offset(NOW, Duration.ofHours(2)), "verify", out.toString(), "--public-key",
                root.resolve("keys").resolve(CatalogueCommand.PUBLIC_KEY_FILE).toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("expired");
    }

    @Test
    void unknownSubcommand_printsUsage() {
        assertThat(run(NOW, "publish")).isEqualTo(2);
        assertThat(err.toString()).contains("usage: catalogue keygen DIR");
    }
}
