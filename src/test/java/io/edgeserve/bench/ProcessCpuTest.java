package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    @TempDir
    Path proc;

    @Test
    void compilerNanos_sumsTheJitCompilerThreadsOnly() throws Exception {
        thread(101, "C2 CompilerThre\n", "101 (C2 CompilerThre) S 1 1 1 0 -1 4194368 0 0 0 0 150 20 0 0 20 0 1 0");
        thread(102, "C1 CompilerThre\n", "102 (C1 CompilerThre) S 1 1 1 0 -1 4194368 0 0 0 0 30 0 0 0 20 0 1 0");
        // A name with a space and a parenthesis: the fields start after the last ')'.
        thread(103, "batcher-a) b\n", "103 (batcher-a) b) R 1 1 1 0 -1 4194368 0 0 0 0 9000 100 0 0 20 0 1 0");

        assertThat(ProcessCpu.compilerNanos(proc, 7)).isEqualTo(200 * ProcessCpu.NANOS_PER_TICK);
        assertThat(ProcessCpu.compilerNanos(proc, 8)).as("no such process").isEqualTo(-1);
    }

    @Test
    void machineBusy_isEveryTickButIdleAndIowait() throws Exception {
        Files.writeString(proc.resolve("stat"), "cpu  100 5 50 1000 40 3 2 1 7 0\ncpu0 50 2 25 500 20 1 1 0 0 0\n");

        // user 100 + nice 5 + system 50 + irq 3 + softirq 2 + steal 1; guest (already in user) left out.
        assertThat(ProcessCpu.machineBusyNanos(proc)).isEqualTo(161 * ProcessCpu.NANOS_PER_TICK);
        assertThat(ProcessCpu.machineBusyNanos(proc.resolve("missing"))).isEqualTo(-1);
    }

    private void thread(int tid, String comm, String stat) throws Exception {
        Path task = Files.createDirectories(proc.resolve("7/task/" + tid));
        Files.writeString(task.resolve("comm"), comm);
        Files.writeString(task.resolve("stat"), stat + "\n");
    }
}
