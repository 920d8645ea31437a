package io.edgeserve.bench;

import io.edgeserve.capture.CaptureProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.http.MediaType;

/**
 * What capture costs in CPU time per request, read from the thread's own CPU clock so that a busy machine does not
 * distort it (bench/capture.sh's req/s are at the mercy of the machine's load): the listener on the request's
 * thread (sample, make the event, offer), and the writer's encoding and appending per record, for each model's
 * JSON request body. Run with bench/capture.sh's classpath: {@code java -cp ... io.edgeserve.bench.CaptureCostProbe}.
 */
public final class CaptureCostProbe {

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int records = 20_000;
        System.out.println("| model | request body (bytes) | listener, request thread (µs CPU) | writer (µs CPU per record) | of which encoding |");
        System.out.println("|---|---|---|---|---|");
        for (String model : new String[] {"sagemaker-linreg", "cifar-resnet20-v1"}) {
            byte[] body = BenchModels.body(model, MediaType.APPLICATION_JSON);
            byte[] answer = model.startsWith("cifar")
                    ? "[[-1.2345678, 2.3456789, 0.1234567, -3.4567891, 4.5678912, -0.5678912, 1.6789123, 2.7891234, -0.8912345, 0.9123456]]".getBytes()
                    : "[[3.0000001]]".getBytes();
            Path dir = Files.createTempDirectory("edgeserve-capture-probe-");
            try (CaptureProbe probe = new CaptureProbe(dir, model, body, answer)) {
                probe.offer(records); // warm-up
                probe.write();
                long start = threads.getCurrentThreadCpuTime();
                probe.offer(records);
                long offered = threads.getCurrentThreadCpuTime();
                probe.write();
                long written = threads.getCurrentThreadCpuTime();
                probe.encodeOnly(records);
                long encodeStart = threads.getCurrentThreadCpuTime();
                probe.encodeOnly(records);
                long encoded = threads.getCurrentThreadCpuTime();
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", model, body.length,
                        (offered - start) / 1e3 / records, (written - offered) / 1e3 / records,
                        (encoded - encodeStart) / 1e3 / records);
            }
        }
    }
}
