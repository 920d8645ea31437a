package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T13:10:00Z"));
    private final CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());

    private CaptureEvent event(String id) {
        return CaptureEvent.of(CaptureRecords.json(id), new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20));
    }

    private SpoolWriter writer(Spool spool, long maxFileBytes) {
        return new SpoolWriter(spool, maxFileBytes, Duration.ofSeconds(60), Duration.ofSeconds(1), metrics, clock,
                clock.nanos());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void recordsReachTheFileAtTheFlushInterval_notBefore() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);

        writer.write(event("a"), clock.nanos());
        Path open = only(dir);
        assertThat(open.getFileName().toString()).endsWith(".jsonl.open");
        assertThat(Files.size(open)).isZero();

        clock.advance(Duration.ofMillis(999));
        writer.tick(clock.nanos());
        assertThat(Files.size(open)).isZero();
        clock.advance(Duration.ofMillis(1));
        writer.tick(clock.nanos());
        assertThat(CaptureRecords.lines(read(open))).hasSize(1);
        assertThat(spool.closed()).isEmpty();
    }

    @Test
    void recordThatCannotBeEncoded_isCountedAndLeavesNoPartOfItself_andTheNextGoesOn() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);
        CaptureEvent broken = new CaptureEvent("broken", clock.instant(), null, "m", null, "float32",
                new CaptureEvent.Body(null, "[1]".getBytes(StandardCharsets.UTF_8), 3), null);

        writer.write(event("before"), clock.nanos());
        writer.write(broken, clock.nanos());
        writer.write(event("after"), clock.nanos());
        writer.close();

        assertThat(CaptureRecords.lines(read(spool.closedPath(spool.closed().getFirst()))))
                .extracting(line -> line.at("/eventMetadata/eventId").asString()).containsExactly("before", "after");
        assertThat(metrics.droppedRecords()).containsEntry(CaptureMetrics.WRITE_FAILED, 1L);
        assertThat(metrics.capturedRecords()).isEqualTo(2);
    }

    @Test
    void fileIsClosedAtItsSizeOrAfterTheRotateInterval() {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        long lineBytes = CaptureLine.encode(event("a")).length;
        SpoolWriter writer = writer(spool, lineBytes * 3);

        assertThat(writer.write(event("a"), clock.nanos())).isFalse();
        assertThat(writer.write(event("b"), clock.nanos())).isFalse();
        assertThat(writer.write(event("c"), clock.nanos())).isTrue();
        assertThat(spool.closed()).hasSize(1);

        writer.write(event("d"), clock.nanos());
        clock.advance(Duration.ofSeconds(59));
        assertThat(writer.tick(clock.nanos())).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(writer.tick(clock.nanos())).isTrue();
        List<SpoolFile> closed = spool.closed();
        assertThat(closed).hasSize(2);
        assertThat(closed.get(0).sequence()).isLessThan(closed.get(1).sequence());
        assertThat(writer.state()).isEqualTo(SpoolWriter.State.IDLE);
    }

    @Test
    void aFileNeverSpansTwoHours() {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);
        clock.advance(Duration.ofMinutes(49).plusSeconds(59)); // 13:59:59
        writer.write(event("a"), clock.nanos());

        clock.advance(Duration.ofSeconds(1));
        assertThat(writer.tick(clock.nanos())).isTrue();

        assertThat(spool.closed()).singleElement().extracting(SpoolFile::opened)
                .isEqualTo(Instant.parse("2026-12-03T13:59:59Z"));
    }

    @Test
    void tornLastLine_isCutOffOnRecovery_andTheFileClosed() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);
        writer.write(event("a"), clock.nanos());
        writer.write(event("b"), clock.nanos());
        writer.flush(clock.nanos());
        Path open = only(dir);
        byte[] torn = CaptureLine.encode(event("c"));
        Files.write(open, java.util.Arrays.copyOf(torn, torn.length / 2), java.nio.file.StandardOpenOption.APPEND);

        Spool.Recovery recovery = new Spool(dir, 1 << 20, Duration.ofDays(1), clock).recover();

        assertThat(recovery).isEqualTo(new Spool.Recovery(1, 1));
        Path closed = only(dir);
        assertThat(closed.getFileName().toString()).endsWith(".jsonl").doesNotEndWith(".open");
        assertThat(CaptureRecords.lines(read(closed))).extracting(line -> line.at("/eventMetadata/eventId").asString())
                .containsExactly("a", "b");
    }

    @Test
    void openFileWithNothingWhole_isRemovedOnRecovery() throws IOException {
        Files.writeString(dir.resolve(new SpoolFile(4, "float32", Instant.parse("2026-12-03T13:00:00Z"), "0badcafe")
                .openName()), "{\"captureData\":{");

        Spool.Recovery recovery = new Spool(dir, 1 << 20, Duration.ofDays(1), clock).recover();

        assertThat(recovery.tornLines()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void sequenceGoesOnAfterARestart() {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofDays(1), clock);
        SpoolWriter first = writer(spool, 1 << 20);
        first.write(event("a"), clock.nanos());
        first.close();

        SpoolWriter second = writer(spool, 1 << 20);
        second.write(event("b"), clock.nanos());
        second.close();

        assertThat(spool.closed()).extracting(SpoolFile::sequence).containsExactly(0L, 1L);
    }

    @Test
    void spoolOverItsSize_dropsTheOldestFilesFirst_andCountsTheirRecords() {
        long lineBytes = CaptureLine.encode(event("a")).length;
        Spool spool = fourFilesOfTwoRecords(lineBytes * 5);
        List<SpoolFile> before = spool.closed();
        assertThat(before).hasSize(4);

        spool.enforceBounds(metrics::dropped);

        assertThat(spool.closed()).containsExactlyElementsOf(before.subList(2, 4));
        assertThat(spool.bytes()).isLessThanOrEqualTo(lineBytes * 5);
        assertThat(metrics.droppedRecords()).containsEntry(Spool.SPOOL_FULL, 4L);
    }

    @Test
    void rejectedFiles_countInTheSpoolsSize_andAreDroppedFirstWhenItIsFull() throws IOException {
        long lineBytes = CaptureLine.encode(event("a")).length;
        Spool spool = fourFilesOfTwoRecords(lineBytes * 5);
        List<SpoolFile> before = spool.closed();
        long bytesBefore = spool.bytes();

        assertThat(spool.reject(before.get(2))).isEqualTo(2);
        assertThat(spool.closed()).containsExactly(before.get(0), before.get(1), before.get(3));
        assertThat(spool.rejected()).containsExactly(before.get(2));
        assertThat(spool.bytes()).isEqualTo(bytesBefore);

        spool.enforceBounds(metrics::dropped);

        assertThat(spool.rejected()).isEmpty();
        assertThat(spool.closed()).containsExactly(before.get(1), before.get(3));
        assertThat(metrics.droppedRecords()).containsEntry(Spool.SPOOL_FULL, 4L);
    }

    @Test
    void rejectedFilesOlderThanMaxAge_areDropped_andCounted() throws IOException {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofHours(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);
        writer.write(event("refused"), clock.nanos());
        writer.close();
        spool.reject(spool.closed().getFirst());
        clock.advance(Duration.ofMinutes(61));

        spool.enforceBounds(metrics::dropped);

        assertThat(spool.rejected()).isEmpty();
        assertThat(metrics.droppedRecords()).containsEntry(Spool.EXPIRED, 1L);
    }

    @Test
    void fileBeingUploaded_isNotDroppedByTheBound() {
        long lineBytes = CaptureLine.encode(event("a")).length;
        Spool spool = new Spool(dir, lineBytes, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, lineBytes);
        writer.write(event("a"), clock.nanos());
        writer.write(event("b"), clock.nanos());
        SpoolFile oldest = spool.closed().getFirst();

        spool.uploading(oldest);
        spool.enforceBounds(metrics::dropped);

        assertThat(spool.closed()).containsExactly(oldest);
    }

    @Test
    void filesOlderThanMaxAge_areDropped_andCounted() {
        Spool spool = new Spool(dir, 1 << 20, Duration.ofHours(1), clock);
        SpoolWriter writer = writer(spool, 1 << 20);
        writer.write(event("old"), clock.nanos());
        writer.close();
        clock.advance(Duration.ofMinutes(30));
        writer.write(event("new"), clock.nanos());
        writer.close();
        clock.advance(Duration.ofMinutes(31));

        spool.enforceBounds(metrics::dropped);

        assertThat(spool.closed()).singleElement().extracting(SpoolFile::opened)
                .isEqualTo(Instant.parse("2026-12-03T13:40:00Z"));
        assertThat(metrics.droppedRecords()).containsEntry(Spool.EXPIRED, 1L);
    }

    /** A spool of {@code maxBytes} holding four closed files of two records each. */
    private Spool fourFilesOfTwoRecords(long maxBytes) {
        Spool spool = new Spool(dir, maxBytes, Duration.ofDays(1), clock);
        SpoolWriter writer = writer(spool, CaptureLine.encode(event("a")).length * 2L);
        for (int i = 0; i < 8; i++) {
            writer.write(event("r" + i), clock.nanos());
        }
        return spool;
    }

    private static Path only(Path dir) {
        try (var files = Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                    list -> {
                        assertThat(list).hasSize(1);
                        return list.getFirst();
                    }));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
