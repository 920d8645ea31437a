package io.edgeserve.bench;

import io.edgeserve.metrics.Exposition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as operators run it: the {@code serve} script (so the same JVM flags and MXNet settings) in a process
 * of its own, on a free loopback port, ready once {@code /ping} says every model has loaded and warmed up.
 */
final class ServiceUnderTest implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient METRICS_CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceUnderTest(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code serve} with {@code arguments} and waits until {@code /ping} answers 200. */
    static ServiceUnderTest start(Path serveScript, List<String> arguments, Path log)
            throws IOException, InterruptedException {
        return start(serveScript, arguments, log, java.util.Map.of());
    }

    /** As {@link #start(Path, List, Path)}, with {@code environment} added to the process's. */
    static ServiceUnderTest start(Path serveScript, List<String> arguments, Path log,
            java.util.Map<String, String> environment) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(serveScript.toString(), "serve", "--server.port=" + port));
        command.addAll(arguments);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ServiceUnderTest service = new ServiceUnderTest(process, port, log);
        try {
            service.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** The service JVM's CPU time so far, every thread, user and system; -1 where the platform does not say. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /**
     * What the service and the machine have spent so far, with the batcher totals of {@code model} (null for none,
     * as for {@code /ping}) from the service's own metrics.
     */
    CostReading costs(String model) throws IOException, InterruptedException {
        long rows = 0;
        long batches = 0;
        if (model != null) {
            Exposition metrics = Exposition.parse(METRICS_CLIENT.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
            rows = metricTotal(metrics, "edgeserve_batch_size_sum", model);
            batches = metricTotal(metrics, "edgeserve_batch_size_count", model);
        }
        Path proc = Path.of("/proc");
        return new CostReading(cpuNanos(), ProcessCpu.compilerNanos(proc, process.pid()),
                ProcessCpu.machineBusyNanos(proc), rows, batches);
    }

    /** A model's total of one Prometheus series over its precisions; -1 where the scrape has none. */
    static long metricTotal(Exposition metrics, String name, String model) {
        return metrics.find(name, "model", model).isEmpty() ? -1 : Math.round(metrics.sum(name, "model", model));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url("/ping"))).timeout(Duration.ofSeconds(5)).build();
        long deadlineNanos = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadlineNanos < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the service exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the JVM is still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** SIGTERM, as a container stop sends it; killed if it has not ended within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
