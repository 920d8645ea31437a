package io.edgeserve.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Mosquitto started by a test on a free loopback port with a generated configuration; it can be killed and
 * started again on the same port. Tests skip where it is not installed ({@code .ci/run} installs it).
 */
final class MosquittoBroker implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path config;
    private final Path log;
    final int port;
    private Process process;

    /** @param listenerOptions lines added under the listener (TLS files, require_certificate) */
    MosquittoBroker(Path dir, String listenerOptions) {
        assumeTrue(Files.isExecutable(BINARY), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        this.port = freePort();
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        String root = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        write(config, root + "persistence false\nmax_queued_messages 20000\nmax_inflight_messages 100\n"
                + "log_dest stderr\nlog_type error\nlog_type warning\nlistener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n" + listenerOptions);
        start();
    }

    MosquittoBroker(Path dir) {
        this(dir, "");
    }

    void start() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + read(log));
                }
                sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + ": " + read(log));
    }

    /** SIGKILL: the broker vanishes without a DISCONNECT, as a crash or a cut cable looks to its clients. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
