package io.edgeserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeserve.metrics.Exposition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar that ships, started as {@code serve} starts it, after {@code package}: what the tests' class path
 * cannot show (a dependency the tests have and the jar lacks) shows here. Run by failsafe in {@code verify}.
 */
class PackagedJarIT {

    /** The jar's {@code catalogue} command, as a publisher's CI runs it: keygen, build and verify the bundled model. */
    @Test
    void packagedJar_signsAndVerifiesACatalogue() throws Exception {
        Path jar = Path.of("target", "edgeserve.jar").toAbsolutePath();
        Path dir = Files.createTempDirectory("edgeserve-catalogue-");
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("iris"), Path.of("models", "iris").toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(runJar(java, jar, dir, "catalogue", "keygen", dir.resolve("keys").toString())).isZero();
        assertThat(runJar(java, jar, dir, "catalogue", "build", models.toString(), dir.resolve("out").toString(),
                "--key", dir.resolve("keys/catalogue-private.pem").toString())).isZero();
        assertThat(runJar(java, jar, dir, "catalogue", "verify", dir.resolve("out").toString(), "--public-key",
                dir.resolve("keys/catalogue-public.pem").toString())).isZero();
        assertThat(Files.readString(dir.resolve("run.log"))).contains("iris version 1").contains("files match");
    }

    private static int runJar(String java, Path jar, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("run.log").toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish: " + command);
        }
        return process.exitValue();
    }

    @Test
    void packagedJar_servesTheBundledModelAndDescribesItsApi() throws Exception {
        Path jar = Path.of("target", "edgeserve.jar");
        assertThat(jar).as("built by package").exists();
        int port = freePort();
        Path log = Files.createTempFile("edgeserve-jar-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-jar", jar.toString(),
                "--server.port=" + port, "--edgeserve.model-dir=models");
        builder.environment().put("MXNET_ENGINE_TYPE", "NaiveEngine");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http, port, server, log);
            // A healthy /ping means every configured model answers: no window where the registry is still empty.

            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[[5.1, 3.5, 1.4, 0.2]]")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).startsWith("[[0.99999");
            HttpResponse<String> description = http.send(get(port, "/v3/api-docs"), HttpResponse.BodyHandlers.ofString());
            assertThat(description.statusCode()).isEqualTo(200);
            assertThat(description.body()).contains("\"/invocations\"");
            // main starts MXNet's library while Spring starts; its load and the model's are reported apart.
            assertThat(Files.readString(log))
                    .containsPattern("MXNet native library loaded in \\d+ ms \\(in the background\\)")
                    .containsPattern("Model 'iris' ready in \\d+ ms");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    @Test
    void extractedJar_startsThroughServeWithTheAotCacheItWasBuiltWith() throws Exception {
        Path app = Path.of("target", "edgeserve");
        assumeTrue(Runtime.version().feature() >= 25 && Files.isRegularFile(app.resolve("edgeserve.aot")),
                "the AOT cache is made by package on a JDK 25 or newer");
        try (JarFile jar = new JarFile(app.resolve("edgeserve.jar").toFile())) {
            assertThat(jar.stream().map(JarEntry::getName))
                    .as("the server jar carries only the server").isNotEmpty()
                    .noneMatch(name -> name.startsWith("io/edgeserve/inference/training/") || name.startsWith("datasets/")
                            || name.endsWith("/MlpSymbol.class"));
        }
        int port = freePort();
        Path log = Files.createTempFile("edgeserve-serve-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of("serve").toAbsolutePath().toString(), "--server.port=" + port,
                "--edgeserve.model-dir=models");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("EDGESERVE_JAR");
        // AOTMode=on: the JVM refuses to start unless it can use the cache, where by default it would start without.
        builder.environment().put("JAVA_OPTS", "-XX:AOTMode=on");
        Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http, port, server, log);
            assertThat(server.info().arguments().orElseThrow())
                    .contains("-XX:AOTCache=" + app.toAbsolutePath().resolve("edgeserve.aot"));
            // The young generation is fixed by serve: the serial collector would otherwise keep the 10 MB it starts
            // with, promote requests in flight and grow the old generation under load (serve says more).
            Exposition metrics = Exposition.parse(send(http, get(port, "/metrics")).body());
            assertThat(maxBytes(metrics, "Eden Space") + 2 * maxBytes(metrics, "Survivor Space"))
                    .as("young generation").isEqualTo(24L << 20);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    /**
     * {@code serve} starts the jar in Spring AOT mode, whose bean definitions were settled at build time with the
     * default settings; the features that settings switch must still follow the settings given at start. Off by
     * default, on here: model sync, MQTT with the embedded broker, management access, SigV4.
     */
    @Test
    void springAotMode_switchesOnWhatTheSettingsSwitchOnAtStart() throws Exception {
        Path dir = Files.createTempDirectory("edgeserve-switches-");
        String token = "management-token-0123456789abcdef";
        var publicKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        Path keyFile = Files.writeString(dir.resolve("catalogue-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.createDirectories(dir.resolve("catalogue"));
        int mqttPort = freePort();
        withServe(Map.of(), List.of("--edgeserve.sync.source=file:" + dir.resolve("catalogue"),
                "--edgeserve.sync.public-keys=" + keyFile, "--edgeserve.sync.dir=" + dir.resolve("sync"),
                "--edgeserve.mqtt.enabled=true", "--edgeserve.mqtt.embedded.port=" + mqttPort,
                "--edgeserve.security.management.enabled=true", "--edgeserve.security.management.tokens=" + token,
                "--edgeserve.security.sigv4.enabled=true", "--edgeserve.security.sigv4.access-keys=AKIDEXAMPLE:secret"),
                (http, port, log) -> {
                    assertThat(Files.readString(log)).contains("Starting AOT-processed EdgeserveApplication");
                    assertThat(send(http, get(port, "/sync")).statusCode()).as("management access on").isEqualTo(401);
                    HttpResponse<String> sync = send(http, get(port, "/sync", token));
                    assertThat(sync.statusCode()).as("model sync on").isEqualTo(200);
                    assertThat(sync.body()).contains("\"source\"");
                    assertThat(send(http, get(port, "/metrics", token)).body()).as("MQTT on")
                            .contains("edgeserve_mqtt_connected");
                    HttpResponse<String> unsigned = send(http, HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/endpoints/iris/invocations"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("[[5.1, 3.5, 1.4, 0.2]]")).build());
                    assertThat(unsigned.statusCode()).as("SigV4 on").isEqualTo(403);
                    assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).isPresent();
                });
        // The sagemaker profile switches the Runtime API off: the container contract only.
        withServe(Map.of("SPRING_PROFILES_ACTIVE", "sagemaker"), List.of(), (http, port, log) -> {
            assertThat(send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/endpoints/iris/invocations")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[[5.1, 3.5, 1.4, 0.2]]")).build()).statusCode())
                    .as("Runtime API off").isEqualTo(404);
            assertThat(send(http, get(port, "/sync")).statusCode()).as("model sync off").isEqualTo(404);
        });
    }

    private interface Checks {
        void run(HttpClient http, int port, Path log) throws Exception;
    }

    /** Starts {@code serve} (the packaged jar, Spring AOT mode) on the bundled models, runs the checks, stops it. */
    private static void withServe(Map<String, String> env, List<String> args, Checks checks) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("edgeserve-serve-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of("serve").toAbsolutePath().toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--edgeserve.model-dir=models"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("EDGESERVE_JAR", Path.of("target", "edgeserve.jar").toAbsolutePath().toString());
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        builder.environment().putAll(env);
        Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealthy(http, port, server, log);
            checks.run(http, port, log);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest get(int port, String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private static void awaitHealthy(HttpClient http, int port, Process server, Path log) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (!server.isAlive()) {
                throw new AssertionError("the jar exited while starting:\n" + Files.readString(log));
            }
            try {
                if (http.send(get(port, "/ping"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the jar did not become healthy:\n" + Files.readString(log));
    }

    /** A heap pool's {@code jvm_memory_max_bytes}. */
    private static long maxBytes(Exposition metrics, String pool) {
        return (long) metrics.value("jvm_memory_max_bytes", "area", "heap", "id", pool);
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
