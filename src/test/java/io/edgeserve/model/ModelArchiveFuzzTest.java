package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;

/**
 * Fuzzes the unpacking of {@code model.tar.gz}. The input's first byte says whether the rest is the tar itself,
 * gzipped here (odd) so that the fuzzer reaches tar headers past gzip's checksum, or the {@code .tar.gz} as it is.
 * Contract: it unpacks, or refuses with an {@link InvalidModelException} or the {@code IOException} it declares
 * (which {@code ModelResolver} reports as an invalid model); and nothing is ever written outside the target, nor
 * left behind in its folder on a refusal.
 */
class ModelArchiveFuzzTest {

    private static final ModelArchive.Limits LIMITS = new ModelArchive.Limits(64, 1 << 20, 200);

    private final ModelArchive archive = new ModelArchive(LIMITS);
    private final Path work;

    ModelArchiveFuzzTest() {
        try {
            work = Files.createTempDirectory("archive-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void removeFolder() throws IOException {
        ModelArchive.deleteRecursively(work);
    }

    @FuzzTest(maxDuration = "10m")
    void anyArchive_unpacksInsideTargetOrIsRefused(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        boolean gzipHere = (input[0] & 1) == 1;
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        Path file = Files.write(work.resolve(ModelFolder.ARCHIVE_FILE), gzipHere ? gzip(bytes) : bytes);
        Path models = work.resolve("models");
        Path target = models.resolve("model");
        try {
            FuzzContract.holds(32L << 20, e -> e instanceof InvalidModelException || e instanceof IOException,
                    () -> archive.extract(file, target));
            try (Stream<Path> left = Files.list(models)) {
                assertThat(left).allMatch(target::equals);
            }
            try (Stream<Path> beside = Files.list(work)) {
                assertThat(beside).containsExactlyInAnyOrder(file, models);
            }
        } finally {
            ModelArchive.deleteRecursively(models);
        }
    }

    private static byte[] gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(tar);
        }
        return out.toByteArray();
    }
}
