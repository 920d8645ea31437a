package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {

    @TempDir
    Path temp;

    private final ModelArchive archive = new ModelArchive(ModelArchive.Limits.DEFAULT);

    @Test
    void plainArchive_unpacksFilesAndFolders() throws IOException {
        Path tarGz = tar(out -> {
            file(out, "model-symbol.json", "{}");
            file(out, "code/inference.py", "# empty");
        });

        archive.extract(tarGz, temp.resolve("out"));

        assertThat(temp.resolve("out/model-symbol.json")).hasContent("{}");
        assertThat(temp.resolve("out/code/inference.py")).hasContent("# empty");
    }

    @Test
    void parentTraversal_isRefusedAndLeavesNothingBehind() throws IOException {
        Path tarGz = tar(out -> file(out, "../../evil.txt", "x"));

        assertThatThrownBy(() -> archive.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("'../../evil.txt' points outside the model folder");
        assertThat(temp.resolve("evil.txt")).doesNotExist();
        assertThat(temp.resolve("out")).doesNotExist();
        assertThat(temp).isDirectoryNotContaining("glob:**/.unpacking-*");
    }

    @Test
    void absolutePath_isRefused() throws IOException {
        Path tarGz = tar(out -> file(out, "/tmp/evil.txt", "x"));

        assertThatThrownBy(() -> archive.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("points outside the model folder");
    }

    @Test
    void symbolicLink_isRefused() throws IOException {
        Path tarGz = tar(out -> {
            TarArchiveEntry link = new TarArchiveEntry("model-symbol.json", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        });

        assertThatThrownBy(() -> archive.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("'model-symbol.json' is a link");
    }

    @Test
    void hardLink_isRefused() throws IOException {
        Path tarGz = tar(out -> {
            TarArchiveEntry link = new TarArchiveEntry("model-0000.params", TarArchiveEntry.LF_LINK);
            link.setLinkName("../../secret");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        });

        assertThatThrownBy(() -> archive.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("is a link");
    }

    @Test
    void compressionBomb_isRefusedByRatio() throws IOException {
        byte[] zeros = new byte[4 * 1024 * 1024];
        Path tarGz = tar(out -> file(out, "model-0000.params", zeros));

        assertThatThrownBy(() -> archive.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("200 times its own size");
    }

    @Test
    void tooManyBytes_isRefused() throws IOException {
        ModelArchive small = new ModelArchive(new ModelArchive.Limits(100, 1000, 1_000_000));
        Path tarGz = tar(out -> file(out, "model-0000.params", new byte[2000]));

        assertThatThrownBy(() -> small.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("limit: 1000 bytes");
    }

    @Test
    void tooManyEntries_isRefused() throws IOException {
        ModelArchive small = new ModelArchive(new ModelArchive.Limits(3, 1 << 20, 1000));
        Path tarGz = tar(out -> {
            for (int i = 0; i < 5; i++) {
                file(out, "f" + i, "x");
            }
        });

        assertThatThrownBy(() -> small.extract(tarGz, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("more than 3 entries");
    }

    @Test
    void notAnArchive_isRefusedWithReason() throws IOException {
        Path notTar = Files.writeString(temp.resolve("model.tar.gz"), "this is not gzip");

        assertThatThrownBy(() -> archive.extract(notTar, temp.resolve("out")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("not a readable tar.gz");
    }

    interface Entries {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private Path tar(Entries entries) throws IOException {
        Path file = temp.resolve("model-" + System.nanoTime() + ".tar.gz");
        try (OutputStream raw = Files.newOutputStream(file);
                TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(out);
        }
        return file;
    }

    private static void file(TarArchiveOutputStream out, String name, String content) throws IOException {
        file(out, name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void file(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }
}
