package io.edgeserve.sagemaker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium driven over its remote debugging protocol, from the JDK's HTTP client and WebSocket: one page,
 * JavaScript evaluated in it, files set on its file inputs, as a person using the page would. Chromium picks a free
 * port and writes it to DevToolsActivePort in its profile folder; nothing but 127.0.0.1 resolves.
 */
final class ChromiumDevTools implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private ChromiumDevTools(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium on a blank page and connects to that page. */
    static ChromiumDevTools start(Path chromium) throws Exception {
        Path profile = Files.createTempDirectory("edgeserve-devtools-");
        Process process = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1280,2000", "about:blank"))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            int port = debuggingPort(profile.resolve("DevToolsActivePort"), process);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode pages = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            String page = pages.valueStream().filter(target -> target.path("type").asString().equals("page"))
                    .findFirst().orElseThrow().path("webSocketDebuggerUrl").asString();
            ChromiumDevTools[] tools = new ChromiumDevTools[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener(() -> tools[0]))
                    .get(30, TimeUnit.SECONDS);
            tools[0] = new ChromiumDevTools(process, profile, socket);
            return tools[0];
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    private static int debuggingPort(Path activePort, Process process) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.isRegularFile(activePort)) {
                List<String> lines = Files.readAllLines(activePort);
                if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
                    return Integer.parseInt(lines.getFirst().strip());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium did not open its debugging port");
    }

    /** Sends one protocol command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode message = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (message.has("error")) {
            throw new IllegalStateException(method + ": " + message.path("error"));
        }
        return message.path("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page (awaited where it is a promise). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} is true in the page. */
    void waitFor(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!evaluate("Boolean(" + condition + ")").asBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the page never got to: " + condition);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Types {@code text} into the input {@code selector} finds, over what it holds, as a person's keyboard would: the
     * page's own handlers see real input events, which a script's assignment to {@code value} does not give them.
     */
    void type(String selector, String text) throws Exception {
        evaluate("(() => { const input = document.querySelector('" + selector + "'); input.focus(); input.select();"
                + " return true; })()");
        call("Input.insertText", Map.of("text", text));
    }

    /** Chooses {@code file} in the file input {@code selector} finds, as the file dialog would. */
    void chooseFile(String selector, Path file) throws Exception {
        int root = call("DOM.getDocument", Map.of("depth", 0)).path("root").path("nodeId").asInt();
        int input = call("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
        if (input == 0) {
            throw new AssertionError("no element matches " + selector);
        }
        call("DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(file.toAbsolutePath().toString())));
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileSystemUtils.deleteRecursively(profile);
    }

    /** Collects each message's frames and completes the command it answers; events are ignored. */
    private static final class Listener implements WebSocket.Listener {

        private final java.util.function.Supplier<ChromiumDevTools> tools;
        private final StringBuilder message = new StringBuilder();

        Listener(java.util.function.Supplier<ChromiumDevTools> tools) {
            this.tools = tools;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode node = JSON.readTree(message.toString());
                message.setLength(0);
                ChromiumDevTools owner = tools.get();
                if (node.has("id") && owner != null) {
                    CompletableFuture<JsonNode> answer = owner.pending.remove(node.path("id").asInt());
                    if (answer != null) {
                        answer.complete(node);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
