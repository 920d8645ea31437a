package io.edgeserve.sagemaker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program outside the JVM that a test drives: the npm tools in {@code tools/} (Spectral, newman) and Chromium.
 * Where one is missing the test is skipped, saying how to install it, except where .ci/run installed them
 * ({@code EDGESERVE_REQUIRE_API_TOOLS=true}) or {@code CI=true}: there a missing tool fails the build rather than
 * passing it silently.
 */
record ExternalTool(Path executable) {

    /** What a run printed on stdout and stderr, and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {}

    private static final Path NODE_TOOLS = Path.of("tools", "node_modules", ".bin");
    /** A guard against a hung tool; runs take seconds. */
    private static final long TIMEOUT_MINUTES = 5;

    /** An npm tool installed by {@code npm ci --prefix tools}. */
    static ExternalTool npm(String name) {
        Path executable = NODE_TOOLS.resolve(name).toAbsolutePath();
        boolean present = Files.isExecutable(executable) && onPath("node").isPresent();
        require(present, name + " is not installed: run `npm ci --prefix tools` (needs node and npm)");
        return new ExternalTool(executable);
    }

    /** A program on the PATH, such as Debian's {@code chromium}. */
    static ExternalTool command(String name, String install) {
        Optional<Path> found = onPath(name);
        require(found.isPresent(), name + " is not on the PATH: " + install);
        return new ExternalTool(found.orElseThrow());
    }

    Run run(List<String> arguments) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("edgeserve-tool-", ".out");
        Path stderr = Files.createTempFile("edgeserve-tool-", ".err");
        try {
            List<String> command = Stream.concat(Stream.of(executable.toString()), arguments.stream()).toList();
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(executable.getFileName() + " did not finish: " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static void require(boolean present, String why) {
        if (!present && (isTrue("EDGESERVE_REQUIRE_API_TOOLS") || isTrue("CI"))) {
            fail(why + " (.ci/run installs it; under CI a missing tool is a failure)");
        }
        assumeTrue(present, why);
    }

    private static boolean isTrue(String variable) {
        return "true".equalsIgnoreCase(System.getenv(variable));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
