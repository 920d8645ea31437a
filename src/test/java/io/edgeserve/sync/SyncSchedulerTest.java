package io.edgeserve.sync;

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
