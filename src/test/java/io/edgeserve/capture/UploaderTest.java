package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.uplink.Backoff;
import io.edgeserve.uplink.FaultyProxy;
import io.edgeserve.uplink.S3Clients;
import io.edgeserve.uplink.S3Server;
import io.edgeserve.uplink.S3Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class UploaderTest {

    private static S3Server server;

    @TempDir
    Path spoolDir;
    @TempDir
    Path store;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T13:10:00Z"));
    private final CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);

    @BeforeAll
    static void startS3() throws Exception {
        server = S3Server.start("capture-test");
    }

    @AfterAll
    static void stopS3() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    /** Writes {@code files} closed spool files of two records each; returns them oldest first. */
    private Spool spoolWith(int files) {
        Spool spool = new Spool(spoolDir, 1 << 30, Duration.ofDays(1), clock);
        CaptureSettings settings = new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20);
        for (int f = 0; f < files; f++) {
            SpoolWriter writer = new SpoolWriter(spool, 1 << 20, Duration.ofMinutes(1), Duration.ofSeconds(1),
                    metrics, clock, clock.nanos());
            writer.write(CaptureEvent.of(CaptureRecords.json("f" + f + "-a"), settings), clock.nanos());
            writer.write(CaptureEvent.of(CaptureRecords.json("f" + f + "-b"), settings), clock.nanos());
            writer.close();
            clock.advance(Duration.ofSeconds(61));
        }
        return spool;
    }

    /** Steps until nothing is waiting or {@code steps} ran out, moving the clock by each step's wait. */
    private void drain(Uploader uploader, Spool spool, int steps) {
        for (int i = 0; i < steps && !spool.closed().isEmpty(); i++) {
            long wait = uploader.step(clock.nanos());
            clock.advance(Duration.ofNanos(Math.min(wait, Duration.ofMinutes(10).toNanos())));
        }
    }

    @Test
    void closedFiles_goToAFileDestinationInOrder_underSageMakersKeyLayout_andLeaveTheSpool() throws IOException {
        Spool spool = spoolWith(3);
        List<String> expectedKeys = new ArrayList<>();
        ObjectKeys keys = new ObjectKeys("", "gateway-7");
        for (SpoolFile file : spool.closed()) {
            expectedKeys.add(keys.key(file));
        }
        List<String> stored = new ArrayList<>();
        CaptureDestination files = new FileDestination(store);
        CaptureDestination recording = new CaptureDestination() {
            public void store(String key, Path file) throws IOException {
                files.store(key, file);
                stored.add(key);
            }
            public String prefix() { return ""; }
            public String describe() { return files.describe(); }
        };
        Uploader uploader = new Uploader(spool, recording, keys, backoff, metrics, clock);

        drain(uploader, spool, 10);

        assertThat(stored).containsExactlyElementsOf(expectedKeys);
        assertThat(stored.getFirst()).matches("gateway-7/float32/2026/12/03/13/10-00-000-0000000000000000-[0-9a-f]{8}\\.jsonl");
        for (String key : stored) {
            assertThat(CaptureRecords.lines(Files.readString(store.resolve(key)))).hasSize(2);
        }
        assertThat(spool.closed()).isEmpty();
        assertThat(metrics.uploads()).isEqualTo(3);
        assertThat(metrics.lastUpload()).isEqualTo(clock.instant());
        assertThat(uploader.state()).isEqualTo(Uploader.State.IDLE);
    }

    @Test
    void storeThatFailsAfterStoring_getsTheSameKeyAgain_soOneObject() throws IOException {
        Spool spool = spoolWith(1);
        AtomicInteger attempts = new AtomicInteger();
        CaptureDestination files = new FileDestination(store);
        CaptureDestination lostConfirmation = new CaptureDestination() {
            public void store(String key, Path file) throws IOException {
                files.store(key, file);
                if (attempts.incrementAndGet() == 1) {
                    throw new IOException("connection reset before the answer");
                }
            }
            public String prefix() { return ""; }
            public String describe() { return "flaky"; }
        };
        Uploader uploader = new Uploader(spool, lostConfirmation, new ObjectKeys("", "gw"), backoff, metrics, clock);

        drain(uploader, spool, 10);

        assertThat(attempts).hasValue(2);
        try (var objects = Files.walk(store)) {
            assertThat(objects.filter(Files::isRegularFile)).hasSize(1);
        }
        assertThat(metrics.uploadFailures()).isEqualTo(1);
    }

    @Test
    void s3DownForAWhile_backsOffKeepingTheFiles_thenEverythingArrivesOnce() throws Exception {
        Spool spool = spoolWith(4);
        List<SpoolFile> waiting = spool.closed();
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
             S3Client client = clientThrough(proxy);
             S3Client direct = server.client()) {
            S3Destination destination = new S3Destination(client, server.bucket(), "edge/capture/");
            Uploader uploader = new Uploader(spool, destination, new ObjectKeys("edge/capture/", "gw"), backoff,
                    metrics, clock);
            proxy.refuseConnections(true);

            long firstWait = uploader.step(clock.nanos());
            long secondWait = uploader.step(clock.nanos() + firstWait);

            assertThat(uploader.state()).isEqualTo(Uploader.State.BACKING_OFF);
            assertThat(uploader.lastFailure()).isNotBlank();
            assertThat(Duration.ofNanos(firstWait)).isEqualTo(Duration.ofMillis(750));
            assertThat(Duration.ofNanos(secondWait)).isEqualTo(Duration.ofMillis(1500));
            assertThat(uploader.step(clock.nanos())).as("no attempt before the backoff ends").isPositive();
            assertThat(metrics.uploadFailures()).isEqualTo(2);
            assertThat(spool.closed()).isEqualTo(waiting);

            proxy.refuseConnections(false);
            clock.advance(Duration.ofNanos(firstWait + secondWait));
            drain(uploader, spool, 20);

            List<S3Object> objects = direct.listObjectsV2(list -> list.bucket(server.bucket()).prefix("edge/capture/"))
                    .contents();
            assertThat(objects).extracting(S3Object::key).hasSize(4).doesNotHaveDuplicates()
                    .allMatch(key -> key.startsWith("edge/capture/gw/float32/2026/12/03/13/"));
            for (S3Object object : objects) {
                String body = direct.getObjectAsBytes(get -> get.bucket(server.bucket()).key(object.key())).asUtf8String();
                assertThat(CaptureRecords.lines(body)).hasSize(2);
            }
            assertThat(spool.closed()).isEmpty();
            assertThat(uploader.state()).isEqualTo(Uploader.State.IDLE);
            assertThat(uploader.lastFailure()).isNull();
            assertThat(metrics.uploads()).isEqualTo(4);
        }
    }

    @Test
    void objectTheStoreRefusesForGood_isMovedAsideAfterBoundedAttempts_andTheFilesBehindItGoOn() throws Exception {
        Spool spool = spoolWith(3);
        List<SpoolFile> waiting = spool.closed();
        ObjectKeys keys = new ObjectKeys("refusing/", "gw");
        String refusedKey = keys.key(waiting.getFirst());
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
             S3Client client = clientThrough(proxy);
             S3Client direct = server.client()) {
            proxy.forbid(refusedKey);
            Uploader uploader = new Uploader(spool, new S3Destination(client, server.bucket(), "refusing/"), keys,
                    backoff, metrics, clock);

            drain(uploader, spool, 20);

            List<String> stored = direct.listObjectsV2(list -> list.bucket(server.bucket()).prefix("refusing/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(stored).containsExactlyInAnyOrder(keys.key(waiting.get(1)), keys.key(waiting.get(2)));
            assertThat(spool.closed()).isEmpty();
            assertThat(spool.rejected()).containsExactly(waiting.getFirst());
            assertThat(CaptureRecords.lines(Files.readString(spool.rejectedPath(waiting.getFirst())))).hasSize(2);
            assertThat(metrics.uploadFailures()).isEqualTo(Uploader.MAX_REJECTIONS);
            assertThat(metrics.rejectedFiles()).isEqualTo(1);
            assertThat(metrics.rejectedRecords()).isEqualTo(2);
            assertThat(metrics.uploads()).isEqualTo(2);
            assertThat(uploader.lastRejection()).startsWith(waiting.getFirst().closedName()).contains("Access Denied");
            assertThat(uploader.state()).isEqualTo(Uploader.State.IDLE);
        }
    }

    @Test
    void storeUnreachable_isWaitedFor_neverTakenForARefusal() throws Exception {
        Spool spool = spoolWith(2);
        List<SpoolFile> waiting = spool.closed();
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
             S3Client client = clientThrough(proxy)) {
            proxy.refuseConnections(true);
            Uploader uploader = new Uploader(spool, new S3Destination(client, server.bucket(), "edge/"),
                    new ObjectKeys("edge/", "gw"), backoff, metrics, clock);

            drain(uploader, spool, Uploader.MAX_REJECTIONS * 3);

            assertThat(metrics.uploadFailures()).isEqualTo(Uploader.MAX_REJECTIONS * 3);
            assertThat(spool.closed()).isEqualTo(waiting);
            assertThat(spool.rejected()).isEmpty();
            assertThat(uploader.state()).isEqualTo(Uploader.State.BACKING_OFF);
        }
    }

    private static S3Client clientThrough(FaultyProxy proxy) {
        return S3Clients.create(S3Settings.compatible(proxy.endpoint()).withSocketTimeout(Duration.ofSeconds(5)),
                S3Server.CREDENTIALS);
    }

    @Test
    void withoutADestination_filesStayInTheSpool() {
        Spool spool = spoolWith(1);
        Uploader uploader = new Uploader(spool, null, new ObjectKeys("", "gw"), backoff, metrics, clock);

        assertThat(uploader.step(clock.nanos())).isEqualTo(Long.MAX_VALUE);

        assertThat(uploader.state()).isEqualTo(Uploader.State.NO_DESTINATION);
        assertThat(spool.closed()).hasSize(1);
    }
}
