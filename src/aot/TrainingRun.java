import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AOT cache's training run (JEP 483, 514, 515): starts edgeserve through {@code serve} with
 * {@code -XX:AOTCacheOutput}, waits for {@code /ping} 200 (every model loaded and warmed up), sends the requests a
 * service answers every day, then stops it with SIGTERM; the JVM writes the cache as it exits. The cache holds the
 * classes this run loaded and linked and the methods it profiled, so it must be made by the JVM and from the jar
 * that will use it: the build runs this with the build's JDK on target/edgeserve/, the Dockerfile with the image's
 * runtime on the image's own paths.
 *
 * <pre>java src/aot/TrainingRun.java SERVE JAR CACHE MODEL_DIR [JAVA_HOME]</pre>
 *
 * MODEL_DIR is the bundled models/ (the Iris classifier), which the requests below fit.
 *
 * A single source file run by the java launcher: it is a build step, not part of the shipped jar.
 */
public final class TrainingRun {

    private static final Duration START_LIMIT = Duration.ofMinutes(5);
    private static final Duration EXIT_LIMIT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java TrainingRun.java SERVE JAR CACHE MODEL_DIR [JAVA_HOME]");
            System.exit(2);
        }
        Path serve = Path.of(args[0]).toAbsolutePath();
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path cache = Path.of(args[2]).toAbsolutePath();
        Path models = Path.of(args[3]).toAbsolutePath();
        String javaHome = args.length > 4 ? args[4] : System.getProperty("java.home");
        Files.deleteIfExists(cache);
        Path log = Path.of(cache + ".log");
        int port = freePort();

        ProcessBuilder builder = new ProcessBuilder(serve.toString(), "--server.port=" + port, "--server.address=127.0.0.1");
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome);
        env.put("EDGESERVE_JAR", jar.toString());
        env.put("EDGESERVE_MODEL_DIR", models.toString());
        env.put("JAVA_OPTS", "-XX:AOTCacheOutput=" + cache);
        long started = System.nanoTime();
        Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http, port, server, log);
            System.out.printf("training run: /ping 200 after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            System.out.flush();
            exercise(http, port);
        } finally {
            // The JVM writes the cache as it exits, which takes a while (longer on a busy machine): killing it any
            // sooner would lose the cache, so it gets EXIT_LIMIT before it is.
            server.destroy();
            if (!server.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (!Files.isRegularFile(cache)) {
            System.err.println("training run: no cache was written; the server's log:\n" + Files.readString(log));
            System.exit(1);
        }
        System.out.printf("training run: %s, %d MB%n", cache, Files.size(cache) / 1_000_000);
    }

    /**
     * The requests a service answers every day, to the bundled Iris model: health, the model listing, each body
     * type in and out, a refusal, metrics. Twenty rounds, so that the hot methods get profiles worth keeping.
     */
    private static void exercise(HttpClient http, int port) throws Exception {
        String row = "[[5.1, 3.5, 1.4, 0.2]]";
        for (int round = 0; round < 20; round++) {
            send(http, get(port, "/ping"), 200);
            send(http, get(port, "/models"), 200);
            send(http, post(port, "/invocations", "application/json", "application/json", row), 200);
            send(http, post(port, "/invocations", "text/csv", "text/csv", "5.1,3.5,1.4,0.2\n"), 200);
            send(http, post(port, "/invocations", "application/json", "application/x-npy", row), 200);
            send(http, post(port, "/invocations", "application/json", "application/json", "[[1, 2"), 400);
            send(http, get(port, "/metrics"), 200);
        }
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ", not " + expected
                    + ": " + response.body());
        }
        return response.body();
    }

    private static void awaitHealthy(HttpClient http, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited while starting:\n" + Files.readString(log));
            }
            try {
                if (http.send(get(port, "/ping"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no /ping 200 within " + START_LIMIT + ":\n" + Files.readString(log));
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private static HttpRequest post(int port, String path, String type, String accept, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", type)
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
