package io.edgeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch-model init container's script, as the chart renders it, run for real with curl, sha256sum and tar
 * against a model.tar.gz served on 127.0.0.1: it unpacks only what has the expected checksum.
 */
class ModelFetchScriptTest {

    private static final String SYMBOL = "{\"nodes\": []}";
    private static final Container FETCH_MODEL = initContainer();

    @TempDir
    Path temp;

    private HttpServer server;
    private byte[] archive;

    @BeforeEach
    void serveAnArchive() throws IOException {
        assumeTrue(onPath("curl") && onPath("sha256sum") && onPath("tar"), "curl, sha256sum or tar is not installed");
        archive = modelTarGz();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(archive);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void matchingChecksum_unpacksTheModelAndRemovesTheDownload() throws Exception {
        Path models = Files.createDirectory(temp.resolve("models"));

        Run run = fetch(url("/model.tar.gz"), sha256(archive), models);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(models.resolve("iris/iris-symbol.json")).hasContent(SYMBOL);
        assertThat(models.resolve(".model.tar.gz")).doesNotExist();
    }

    @Test
    void wrongChecksum_failsAndUnpacksNothing() throws Exception {
        Path models = Files.createDirectory(temp.resolve("models"));

        Run run = fetch(url("/model.tar.gz"), "0".repeat(64), models);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("refusing to unpack");
        assertThat(models).isEmptyDirectory();
    }

    @Test
    void missingArchive_fails() throws Exception {
        Path models = Files.createDirectory(temp.resolve("models"));

        Run run = fetch(url("/absent.tar.gz"), sha256(archive), models);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("404");
        assertThat(models.resolve("iris")).doesNotExist();
    }

    private record Run(int exitCode, String output) {}

    private Run fetch(String url, String sha256, Path models) throws IOException, InterruptedException {
        ProcessBuilder process = new ProcessBuilder(FETCH_MODEL.getCommand()).redirectErrorStream(true);
        process.environment().put("MODEL_URL", url);
        process.environment().put("MODEL_SHA256", sha256);
        process.environment().put("MODELS_DIR", models.toString());
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(60, TimeUnit.SECONDS)).as("the script did not finish").isTrue();
        return new Run(started.exitValue(), output);
    }

    private static Container initContainer() {
        RenderedManifests release = EdgeserveChart.render(EdgeserveChart.ALL_OPTIONS);
        List<Container> init = release.one(Deployment.class).getSpec().getTemplate().getSpec().getInitContainers();
        return init.stream().filter(container -> container.getName().equals("fetch-model")).findFirst().orElseThrow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static byte[] modelTarGz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            byte[] content = SYMBOL.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("iris/iris-symbol.json");
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
