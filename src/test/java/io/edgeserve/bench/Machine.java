package io.edgeserve.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the numbers were measured on, and how busy it was: a benchmark result means little without it. */
final class Machine {

    private Machine() {}

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The one-minute load average, or NaN where /proc is not there. */
    static double loadAverage() {
        return read("/proc/loadavg").map(text -> Double.parseDouble(text.split("\\s+")[0])).orElse(Double.NaN);
    }

    static String describe(double loadBefore, double loadAfter, String commit) {
        String cpu = read("/proc/cpuinfo").flatMap(text -> text.lines()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip())).orElse("unknown CPU");
        String memory = read("/proc/meminfo").flatMap(text -> text.lines()
                .filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024.0 * 1024.0))
                .map(gib -> String.format(Locale.ROOT, "%.1f GiB", gib))).orElse("unknown memory");
        String kernel = read("/proc/sys/kernel/osrelease").map(String::strip).orElse("unknown kernel");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Machine: %d cores (%s), %s memory, Linux %s, Java %s; commit %s. "
                        + "Load average %.2f before, %.2f after.",
                cores(), cpu, memory, kernel, System.getProperty("java.version"), commit, loadBefore, loadAfter));
        if (loadBefore > cores() / 2.0) {
            text.append(String.format(Locale.ROOT, "%n%n**Noisy: the machine was busy with other work when this run "
                    + "started (load average %.2f on %d cores); compare ratios, not absolute figures, and rerun on a "
                    + "quiet machine.**",
                    loadBefore, cores()));
        }
        return text.toString();
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
