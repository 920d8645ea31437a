package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.uplink.FaultyProxy;
import io.edgeserve.uplink.S3Clients;
import io.edgeserve.uplink.S3Server;
import io.edgeserve.uplink.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sync from a real S3-compatible server (s3rver) through a proxy that cuts, stalls and corrupts downloads, and
 * refuses connections: resume, restart mid-download, timeouts, hash checks and offline start.
 */
class S3SyncTest {

    private static final String PARAMS = "cifar/1/cifar_resnet20_v1-0000.params";
    private static S3Server server;

    @TempDir
    Path root;

    private SyncRig rig;
    private FaultyProxy proxy;
    private String prefix;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("fleet");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        rig = new SyncRig(root);
        proxy = FaultyProxy.start(server.port());
        prefix = "site-" + System.nanoTime() + "/";
        rig.cifarVersion(1, "cifar-resnet20-v1");
        rig.publish(1);
        upload();
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        rig.close();
    }

    private void upload() throws IOException {
        try (S3Client client = server.client(); Stream<Path> files = Files.walk(rig.published)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = prefix + rig.published.relativize(file).toString().replace('\\', '/');
                client.putObject(b -> b.bucket(server.bucket()).key(key), RequestBody.fromFile(file));
            }
        }
    }

    private SyncAgent agent(Duration socketTimeout) {
        var settings = new S3Settings(proxy.endpoint(), null, true, Duration.ofSeconds(2), socketTimeout);
        var source = new S3Source(S3Clients.create(settings, S3Server.CREDENTIALS),
                URI.create("s3://" + server.bucket() + "/" + prefix));
        return rig.agent(source);
    }

    private long paramsSize() throws IOException {
        return Files.size(rig.published.resolve(PARAMS));
    }

    private long catalogueFileBytes() {
        return rig.publish(1).models().stream().mapToLong(Catalogue.Release::totalBytes).sum();
    }

    @Test
    void downloadCutAtHalf_resumesWithTheMissingHalfOnly() throws IOException {
        SyncAgent agent = agent(Duration.ofSeconds(5));
        long half = paramsSize() / 2;
        proxy.cutResponseOnce(half);

        SyncStatus cut = agent.syncOnce();
        SyncStatus resumed = agent.syncOnce();

        assertThat(cut.reasonTag()).isEqualTo("source-unreachable");
        assertThat(cut.reason()).contains("resumes");
        assertThat(resumed.state()).isEqualTo(SyncState.APPLIED);
        long refetched = rig.events.bytes.get() - catalogueFileBytes();
        System.out.printf("sync figure: model files %d bytes, cut at %d, downloaded %d in all, fetched again %d%n",
                catalogueFileBytes(), half, rig.events.bytes.get(), refetched);
        assertThat(refetched).isZero();
        assertThat(rig.registry.resolve("cifar")).isNotNull();
    }

    @Test
    void restartInTheMiddleOfADownload_resumesFromThePartFile() throws IOException {
        proxy.cutResponseOnce(paramsSize() / 2);
        assertThat(agent(Duration.ofSeconds(5)).syncOnce().reasonTag()).isEqualTo("source-unreachable");
        Path part = rig.store.resolve("staging/cifar/1/cifar_resnet20_v1-0000.params.part");
        assertThat(Files.size(part)).isEqualTo(paramsSize() / 2);

        SyncAgent afterRestart = agent(Duration.ofSeconds(5));
        SyncStatus status = afterRestart.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rig.events.bytes.get()).isEqualTo(catalogueFileBytes());
        assertThat(rig.store.resolve("models/cifar/1/cifar_resnet20_v1-0000.params")).hasSize(paramsSize());
    }

    @Test
    void stalledDownload_failsAfterTheSocketTimeout_thenResumes() throws IOException {
        SyncAgent agent = agent(Duration.ofSeconds(1));
        proxy.stallResponseOnce(paramsSize() / 2, Duration.ofSeconds(4));

        long start = System.nanoTime();
        SyncStatus stalled = agent.syncOnce();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(stalled.reasonTag()).isEqualTo("source-unreachable");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(agent.syncOnce().state()).isEqualTo(SyncState.APPLIED);
    }

    @Test
    void byteCorruptedInTransit_isRefusedByItsHash_andFetchedAgain() throws IOException {
        SyncAgent agent = agent(Duration.ofSeconds(5));
        proxy.corruptResponseOnce(paramsSize() / 3);

        SyncStatus corrupted = agent.syncOnce();
        SyncStatus clean = agent.syncOnce();

        assertThat(corrupted.reasonTag()).isEqualTo("sha256");
        assertThat(clean.state()).isEqualTo(SyncState.APPLIED);
    }

    @Test
    void sourceUnreachableAtStart_servesFromDisk() throws IOException {
        assertThat(agent(Duration.ofSeconds(5)).syncOnce().state()).isEqualTo(SyncState.APPLIED);
        float[] before = rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.25f));
        rig.close();
        rig = new SyncRig(root);
        proxy.refuseConnections(true);
        SyncAgent restarted = agent(Duration.ofSeconds(1));

        long start = System.nanoTime();
        restarted.restore();
        long restoredMillis = (System.nanoTime() - start) / 1_000_000;
        SyncStatus offline = restarted.syncOnce();

        System.out.printf("sync figure: restored a synced folder with no network in %d ms%n", restoredMillis);
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.25f))).isEqualTo(before);
        assertThat(offline.reasonTag()).isEqualTo("source-unreachable");
        assertThat(offline.models().get("cifar").serving()).isEqualTo(1);
        assertThat(List.of(offline.appliedVersion())).containsExactly(1L);
    }
}
