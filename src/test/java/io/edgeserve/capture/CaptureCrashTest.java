package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.edgeserve.uplink.Backoff;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** kill -9 while writing: after a restart the records that reached the disk are uploaded whole, and none broken. */
class CaptureCrashTest {

    @TempDir
    Path spoolDir;
    @TempDir
    Path store;

    @Test
    void killedWhileWriting_restartUploadsEveryFlushedRecord_andNoBrokenLine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CaptureWriterProcess.class.getName(), spoolDir.toString())
                .redirectError(spoolDir.resolveSibling(spoolDir.getFileName() + ".child.log").toFile())
                .start();
        long queuedBeforeQuietPeriod;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long queued = 0;
            while ((line = out.readLine()) != null && queued < 3000) {
                if (line.startsWith("queued ")) {
                    queued = Long.parseLong(line.substring(7));
                }
            }
            queuedBeforeQuietPeriod = queued;
            assertThat(queued).as("the child wrote records").isGreaterThanOrEqualTo(3000);
            // Thirty flush intervals, time enough on a busy machine for everything queued by now to reach the file,
            // while the child goes on writing.
            Thread.sleep(1500);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (var left = Files.list(spoolDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".open"));
        }

        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(spoolDir, 1L << 30, Duration.ofDays(1), clock);
        spool.recover();
        CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());
        Uploader uploader = new Uploader(spool, new FileDestination(store), new ObjectKeys("", "gw"),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), () -> 0), metrics, clock);
        for (int i = 0; i < 10_000 && !spool.closed().isEmpty(); i++) {
            uploader.step(System.nanoTime());
        }

        assertThat(spool.closed()).isEmpty();
        List<Path> objects;
        try (var walk = Files.walk(store)) {
            objects = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        objects.sort(Comparator.comparing(path -> path.getFileName().toString().split("-")[3]));
        List<Long> ids = new ArrayList<>();
        for (Path object : objects) {
            String text = Files.readString(object);
            assertThat(text).endsWith("\n");
            for (JsonNode line : CaptureRecords.lines(text)) { // a broken line would not parse
                assertThat(line.at("/captureData/endpointInput/data").asString()).isEqualTo("[[1, 2]]");
                ids.add(Long.parseLong(line.at("/eventMetadata/eventId").asString()));
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo((int) queuedBeforeQuietPeriod);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("records in order without a gap").isEqualTo(i);
        }
    }
}
