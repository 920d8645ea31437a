package io.edgeserve.uplink;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in its own process for tests: s3rver (npm, pinned in {@code tools/s3rver}, installed
 * by {@code .ci/run}) on a free loopback port, storing in a temporary folder, with one bucket made at start.
 *
 * <p>Where s3rver is not installed the calling test is skipped, except under CI ({@code CI=true} or
 * {@code EDGESERVE_REQUIRE_API_TOOLS=true}), where that is a failure. Close it to stop the process.
 */
public final class S3Server implements AutoCloseable {

    /** s3rver's fixed credentials: any client must sign with them. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER"));

    private final Process process;
    private final Path directory;
    private final int port;
    private final String bucket;

    private S3Server(Process process, Path directory, int port, String bucket) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.bucket = bucket;
    }

    /** Starts s3rver with an empty bucket named {@code bucket}, or skips the test where s3rver is absent. */
    public static S3Server start(String bucket) throws IOException, InterruptedException {
        Path executable = executable();
        Path directory = Files.createTempDirectory("s3rver");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--silent", "--address", "127.0.0.1",
                "--port", Integer.toString(port), "--directory", directory.toString(), "--configure-bucket", bucket));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolveSibling(directory.getFileName() + ".log").toFile())
                .start();
        var server = new S3Server(process, directory, port, bucket);
        server.awaitListening(Duration.ofSeconds(30));
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String bucket() {
        return bucket;
    }

    /** Settings that reach this server directly (path-style, as S3-compatible stores need). */
    public S3Settings settings() {
        return S3Settings.compatible(endpoint());
    }

    /** A client of this server, built by the production factory with the server's credentials. */
    public S3Client client() {
        return S3Clients.create(settings(), CREDENTIALS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitListening(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("s3rver exited with " + process.exitValue() + " before listening; see "
                        + directory + ".log");
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // The port opens before the bucket exists: wait until the bucket answers.
                try (S3Client client = client()) {
                    client.headBucket(b -> b.bucket(bucket));
                    return;
                } catch (RuntimeException notYet) {
                    Thread.sleep(100);
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("s3rver did not answer on port " + port + " within " + timeout);
    }

    private static Path executable() {
        Path root = Path.of("").toAbsolutePath();
        Path executable = root.resolve("tools/s3rver/node_modules/.bin/s3rver");
        boolean present = Files.isExecutable(executable);
        String why = "s3rver is not installed at " + executable + " (npm ci --prefix tools/s3rver)";
        if (!present && (isTrue("CI") || isTrue("EDGESERVE_REQUIRE_API_TOOLS"))) {
            fail(why + "; .ci/run installs it, and under CI a missing tool is a failure");
        }
        assumeTrue(present, why + ": the test is skipped");
        return executable;
    }

    private static boolean isTrue(String variable) {
        return "true".equalsIgnoreCase(System.getenv(variable));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
