package io.edgeserve.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs wrk, a load generator outside the server's JVM, with {@code bench/wrk/request.lua}, and keeps its whole
 * output (with the latency distribution) in a log next to the results.
 */
final class Wrk {

    /** wrk threads share the machine with the server: more than two would only steal its cores on this machine. */
    static final int MAX_THREADS = 2;

    private final Path script;
    private final Path log;

    Wrk(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /**
     * @param url the whole URL, e.g. {@code http://127.0.0.1:8080/invocations}
     * @param connections open connections, each with one request in flight: the concurrency
     * @param duration as wrk reads it: {@code 10s}, {@code 1m}
     * @param scriptArguments METHOD [BODY_FILE MEDIA_TYPE [TARGET_MODEL]]
     */
    LoadResult run(String url, int connections, String duration, List<String> scriptArguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk",
                "-t", Integer.toString(Math.min(connections, MAX_THREADS)),
                "-c", Integer.toString(connections),
                "-d", duration,
                "--timeout", "30s",
                "--latency",
                "-s", script.toString(),
                url, "--"));
        command.addAll(scriptArguments);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = wrk.waitFor();
        Files.writeString(log, "$ " + String.join(" ", command) + "\n" + output + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (exit != 0) {
            throw new IOException("wrk exited with " + exit + ":\n" + output);
        }
        return LoadResult.parse(output);
    }
}
