package io.edgeserve.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time from Linux's {@code /proc}, for what the JVM's own figures do not say: how much of the service's CPU its
 * JIT compiler threads took (the benchmark warms up until they are done, and says what they took while measuring),
 * and how busy the whole machine was (the load generator shares it). Each reading is -1 where {@code /proc} does not
 * have it, and callers then leave the figure out.
 */
final class ProcessCpu {

    /** Linux reports CPU time in clock ticks of USER_HZ, 100 per second on every architecture the JDK runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    /** CPU time so far, user and system, of the process's JIT compiler threads ("C1 CompilerThre", "C2 ..."). */
    static long compilerNanos(Path proc, long pid) {
        Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
        try (Stream<Path> threads = Files.list(tasks)) {
            long ticks = 0;
            for (Path thread : threads.toList()) {
                String name = readOrEmpty(thread.resolve("comm")).strip();
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += threadTicks(readOrEmpty(thread.resolve("stat")));
                }
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU time the whole machine has spent busy so far, every core, every process: all but idle and iowait. */
    static long machineBusyNanos(Path proc) {
        try {
            String first = Files.readAllLines(proc.resolve("stat")).getFirst();
            return busyTicks(first) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User plus system ticks from a {@code /proc/PID/task/TID/stat} line, 0 for a thread that ended meanwhile. */
    static long threadTicks(String stat) {
        int end = stat.lastIndexOf(')'); // the name may hold spaces and parentheses; the fields follow the last one
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).strip().split(" ");
        // After the name: state is field 3 of stat(5), utime 14 and stime 15, so indexes 11 and 12 here.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Busy ticks from {@code /proc/stat}'s "cpu" line: user nice system idle iowait irq softirq steal ... */
    static long busyTicks(String cpuLine) {
        String[] fields = cpuLine.strip().split("\\s+");
        if (!fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle and iowait
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException threadEnded) {
            return "";
        }
    }
}
