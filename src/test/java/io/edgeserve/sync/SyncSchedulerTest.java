package io.edgeserve.sync;

import io.edgeserve.registry.ModelState;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.uplink.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSchedulerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private static SyncStatus status(SyncState state, String reasonTag) {
        return new SyncStatus("file:/x/", state, null, reasonTag, 0, 0, null, null, Map.of());
    }

    @Test
    void afterASuccess_waitsAJitteredInterval() {
        var scheduler = new SyncScheduler(null, new Backoff(Duration.ofSeconds(1), INTERVAL, () -> 0.999), INTERVAL,
                0.1, System::nanoTime);

        Duration delay = scheduler.nextDelay(status(SyncState.APPLIED, null), 0);

        assertThat(delay).isBetween(Duration.ofSeconds(9), INTERVAL);
    }

    @Test
    void whileTheSourceFails_backsOffUpToTheInterval() {
        var scheduler = new SyncScheduler(null, new Backoff(Duration.ofSeconds(1), INTERVAL, () -> 0.0), INTERVAL, 0.1,
                System::nanoTime);
        SyncStatus unreachable = status(SyncState.FAILED, "source-unreachable");

        assertThat(scheduler.nextDelay(unreachable, 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(scheduler.nextDelay(unreachable, 3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(scheduler.nextDelay(unreachable, 30)).isEqualTo(Duration.ofSeconds(5));
    }

    /**
     * Publish-to-serve time: run with {@code -Dsync.figure.interval=10s} for the figure in docs/deploy-edge.md; the
     * build runs it at 1 s. It measures, and asserts only that the new version arrives.
     */
    @Test
    void publishedCatalogue_isServedWithinAnInterval() throws Exception {
        Duration interval = Duration.parse("PT" + System.getProperty("sync.figure.interval", "1s").toUpperCase());
        try (SyncRig rig = new SyncRig(root)) {
            rig.cifarVersion(1, "cifar-resnet20-v1");
            rig.publish(1);
            SyncAgent agent = rig.agent(new FolderSource(rig.published));
            var backoff = new Backoff(Duration.ofMillis(200), interval, () -> ThreadLocalRandom.current().nextDouble());
            try (var scheduler = new SyncScheduler(agent, backoff, interval, 0.1, System::nanoTime)) {
                scheduler.start();
                awaitServing(agent, 1, interval.plusSeconds(30));
                Thread.sleep(ThreadLocalRandom.current().nextLong(interval.toMillis()));
                rig.cifarVersion(2, "cifar-resnet20-v2");

                long published = System.nanoTime();
                rig.publish(2);
                awaitServing(agent, 2, interval.plusSeconds(30));
                long millis = (System.nanoTime() - published) / 1_000_000;

                System.out.printf("sync figure: published to serving in %d ms at a %s poll interval%n", millis, interval);
                assertThat(rig.registry.entry("cifar:2")).isPresent();
            }
        }
    }

    /**
     * After a restart the scheduler restores what was applied before from disk; until that is done {@code /ping}
     * waits for it ({@link io.edgeserve.registry.StartupLoad}), and once it says done the restored model serves.
     */
    @Test
    void afterARestart_isPendingUntilTheRestoredModelsServe() throws Exception {
        try (SyncRig before = new SyncRig(root)) {
            before.cifarVersion(1, "cifar-resnet20-v1");
            before.publish(1);
            assertThat(before.agent(new FolderSource(before.published)).syncOnce().state())
                    .isEqualTo(SyncState.APPLIED);
        }
        try (SyncRig restarted = new SyncRig(root)) {
            SyncAgent offline = restarted.agent(new FolderSource(root.resolve("no-such-mount")));
            var backoff = new Backoff(Duration.ofSeconds(1), INTERVAL, () -> 0.5);
            try (var scheduler = new SyncScheduler(offline, backoff, INTERVAL, 0.1, System::nanoTime)) {
                assertThat(scheduler.pending()).as("before the restore").isNotNull();

                scheduler.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (scheduler.pending() != null && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }

                assertThat(scheduler.pending()).as("restored within a minute").isNull();
                assertThat(restarted.registry.entry("cifar:1").orElseThrow().state()).isEqualTo(ModelState.READY);
            }
        }
    }

    private static void awaitServing(SyncAgent agent, long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            SyncStatus.ModelStatus cifar = agent.status().models().get("cifar");
            if (cifar != null && cifar.serving() != null && cifar.serving() == version) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("cifar never served version " + version + "; status " + agent.status());
    }
}
