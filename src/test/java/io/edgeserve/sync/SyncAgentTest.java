package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.registry.ModelState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync agent against a folder source, the real registry and the real MXNet engine. */
class SyncAgentTest {

    @TempDir
    Path root;

    private SyncRig rig;
    private SyncAgent agent;

    @BeforeEach
    void setUp() {
        rig = new SyncRig(root);
        agent = rig.agent(new FolderSource(rig.published));
    }

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    private float[] v1Answer;
    private float[] v2Answer;

    /** Publishes catalogue 1 (cifar 1 = resnet20-v1, linreg 1) and syncs it. */
    private void applyFirstCatalogue() {
        Path v1 = rig.cifarVersion(1, "cifar-resnet20-v1");
        rig.cifarSelfTest(v1, 0);
        rig.linregVersion(1);
        rig.publish(1);
        assertThat(agent.syncOnce().state()).isEqualTo(SyncState.APPLIED);
        v1Answer = rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f));
    }

    /** Lays out cifar 2 (resnet20-v2) with a self-test offset from its true answer by {@code offset}. */
    private void layOutCifarVersion2(float offset) {
        Path v2 = rig.cifarVersion(2, "cifar-resnet20-v2");
        rig.cifarSelfTest(v2, offset);
        v2Answer = null;
    }

    @Test
    void firstSyncFromEmpty_servesEveryModelOfTheCatalogue() {
        applyFirstCatalogue();

        SyncStatus status = agent.status();
        assertThat(status.appliedVersion()).isEqualTo(1);
        assertThat(status.models()).containsOnlyKeys("cifar", "linreg");
        assertThat(status.models().get("cifar").serving()).isEqualTo(1);
        assertThat(rig.answer("linreg", List.of(1L, 2L), new float[] {1, 2})[0]).isCloseTo(5.0f, within(1e-4f));
        assertThat(Files.exists(rig.store.resolve("catalogue.json.sig"))).isTrue();
    }

    @Test
    void newVersion_movesTheNameToIt_andRetiresTheOld() {
        applyFirstCatalogue();
        layOutCifarVersion2(0);
        rig.publish(2);

        SyncStatus status = agent.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.APPLIED);
        assertThat(status.models().get("cifar").serving()).isEqualTo(2);
        float[] now = rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f));
        assertThat(now).isNotEqualTo(v1Answer);
        assertThat(rig.registry.entry("cifar:1")).isEmpty();
        assertThat(rig.events.swaps.get("cifar").get()).isEqualTo(2);
        assertThat(rig.store.resolve("models/cifar/1")).as("kept for rollback (keep-versions 1)").isDirectory();
    }

    @Test
    void sameCatalogueAgain_changesNothing() {
        applyFirstCatalogue();
        long bytes = rig.events.bytes.get();

        SyncStatus status = agent.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rig.events.bytes.get()).isEqualTo(bytes);
        assertThat(rig.events.swaps.get("cifar").get()).isEqualTo(1);
    }

    @Test
    void versionUnloadedBehindSyncsBack_isLoadedAgainFromDisk() {
        applyFirstCatalogue();
        rig.registry.unload("cifar:1");
        long bytes = rig.events.bytes.get();

        SyncStatus status = agent.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rig.registry.entry("cifar:1").orElseThrow().state()).isEqualTo(ModelState.READY);
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).isEqualTo(v1Answer);
        assertThat(rig.events.bytes.get()).as("nothing downloaded again").isEqualTo(bytes);
    }

    @Test
    void tamperedFile_isRefused_andTheOldVersionKeepsServing() throws IOException {
        applyFirstCatalogue();
        layOutCifarVersion2(0);
        rig.publish(2);
        Path params = rig.published.resolve("cifar/2/cifar_resnet20_v2-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(params, bytes);

        SyncStatus status = agent.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.FAILED);
        assertThat(status.reasonTag()).isEqualTo("sha256");
        assertThat(status.reason()).contains("cifar_resnet20_v2-0000.params");
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).isEqualTo(v1Answer);
        assertThat(rig.registry.entry("cifar:2")).isEmpty();
    }

    @Test
    void tamperedCatalogue_isRefusedBeforeAnyFileIsFetched() throws IOException {
        applyFirstCatalogue();
        layOutCifarVersion2(0);
        rig.publish(2);
        Path catalogue = rig.published.resolve("catalogue.json");
        Files.writeString(catalogue, Files.readString(catalogue).replace("\"version\" : 2", "\"version\" : 3"));
        long bytes = rig.events.bytes.get();

        SyncStatus status = agent.syncOnce();

        assertThat(status.reasonTag()).isEqualTo("signature");
        assertThat(rig.events.bytes.get()).isEqualTo(bytes);
        assertThat(status.models().get("cifar").serving()).isEqualTo(1);
    }

    @Test
    void bandwidthCap_pacesTheDownloads() throws IOException {
        rig.linregVersion(1);
        Catalogue catalogue = rig.publish(1);
        long[] fakeNanos = {0};
        var throttle = new Throttle(1_000, () -> fakeNanos[0], nanos -> fakeNanos[0] += nanos);
        SyncAgent capped = new SyncAgent(new FolderSource(rig.published), new CatalogueCheck(
                List.of(rig.key.getPublic()), Duration.ZERO, rig.clock), new SyncStore(rig.store),
                new RegistrySwitch(rig.registry, Duration.ZERO, Duration.ofSeconds(10)), rig.events, rig.clock, 1, throttle);

        assertThat(capped.syncOnce().state()).isEqualTo(SyncState.APPLIED);

        long bytes = catalogue.release("linreg").totalBytes();
        assertThat(fakeNanos[0]).as("%d bytes at 1000 B/s", bytes).isEqualTo(bytes * 1_000_000L);
    }

    @Test
    void catalogueSignedByAnUnknownKey_isRefused() {
        SyncAgent stranger = rig.agent(new FolderSource(rig.published), Ed25519Keys.generate());
        rig.linregVersion(1);
        rig.publish(1);

        SyncStatus status = stranger.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.FAILED);
        assertThat(status.reasonTag()).isEqualTo("signature");
        assertThat(rig.registry.entries()).isEmpty();
    }

    @Test
    void replayedOlderCatalogue_isRefused_andModelsStay() throws IOException {
        applyFirstCatalogue();
        byte[] oldJson = Files.readAllBytes(rig.published.resolve("catalogue.json"));
        byte[] oldSignature = Files.readAllBytes(rig.published.resolve("catalogue.json.sig"));
        layOutCifarVersion2(0);
        rig.publish(2);
        agent.syncOnce();
        Files.write(rig.published.resolve("catalogue.json"), oldJson);
        Files.write(rig.published.resolve("catalogue.json.sig"), oldSignature);

        SyncStatus status = agent.syncOnce();

        assertThat(status.reasonTag()).isEqualTo("replay");
        assertThat(status.models().get("cifar").serving()).isEqualTo(2);
        assertThat(rig.registry.entry("cifar:2").orElseThrow().state()).isEqualTo(ModelState.READY);
    }

    @Test
    void expiredCatalogue_isRefused() {
        rig.linregVersion(1);
        rig.publish(1, Duration.ofHours(1), false);
        rig.clock.advance(Duration.ofHours(2));

        SyncStatus status = agent.syncOnce();

        assertThat(status.reasonTag()).isEqualTo("expired");
        assertThat(rig.registry.entries()).isEmpty();
    }

    @Test
    void failingSelfTest_keepsTheOldVersionServing_andCountsARollback() {
        applyFirstCatalogue();
        layOutCifarVersion2(1.0f);
        rig.publish(2);

        SyncStatus status = agent.syncOnce();

        assertThat(status.reasonTag()).isEqualTo("self-test");
        assertThat(status.models().get("cifar").serving()).isEqualTo(1);
        assertThat(status.models().get("cifar").refused()).isEqualTo(2);
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).isEqualTo(v1Answer);
        assertThat(rig.registry.entry("cifar:2")).isEmpty();
        assertThat(rig.events.rollbacks.get("cifar").get()).isEqualTo(1);
    }

    @Test
    void atomicCatalogue_switchesNoModelWhenOneFails() {
        applyFirstCatalogue();
        layOutCifarVersion2(0);
        Path linreg2 = rig.linregVersion(2);
        SyncRig.write(linreg2.resolve(CatalogueBuilder.SELF_TEST_FILE),
                "{\"shape\": [1, 2], \"input\": [1, 2], \"expected\": [7.0], \"tolerance\": 0.0001}");
        rig.publish(2, Duration.ofDays(1), true);

        SyncStatus status = agent.syncOnce();

        assertThat(status.reasonTag()).isEqualTo("self-test");
        assertThat(status.reason()).contains("atomic");
        assertThat(status.models().get("cifar").serving()).isEqualTo(1);
        assertThat(status.models().get("linreg").serving()).isEqualTo(1);
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).isEqualTo(v1Answer);
        assertThat(rig.registry.entry("cifar:2")).isEmpty();
    }

    @Test
    void modelThatLeavesTheCatalogue_isUnloaded() throws IOException {
        applyFirstCatalogue();
        SyncStore.deleteTree(rig.models.resolve("linreg"));
        rig.publish(2);

        SyncStatus status = agent.syncOnce();

        assertThat(status.state()).isEqualTo(SyncState.APPLIED);
        assertThat(status.models()).containsOnlyKeys("cifar");
        assertThat(rig.registry.entry("linreg:1")).isEmpty();
        assertThat(rig.store.resolve("models/linreg")).doesNotExist();
    }

    @Test
    void keyRotation_acceptsTheNewKey_andLaterRefusesTheRetiredOne() throws IOException {
        KeyPair next = Ed25519Keys.generate();
        SyncAgent rotating = rig.agent(new FolderSource(rig.published), rig.key, next);
        rig.linregVersion(1);
        rig.publish(1);
        Path signature = rig.published.resolve("catalogue.json.sig");
        byte[] json = Files.readAllBytes(rig.published.resolve("catalogue.json"));
        Files.writeString(signature, Ed25519Keys.sign(json, next.getPrivate()), StandardCharsets.US_ASCII);

        assertThat(rotating.syncOnce().state()).isEqualTo(SyncState.APPLIED);

        SyncAgent rotated = rig.agent(new FolderSource(rig.published), next);
        rig.publish(2);
        SyncStatus status = rotated.syncOnce();
        assertThat(status.reasonTag()).as("catalogue 2 is signed by the retired key").isEqualTo("signature");
    }

    @Test
    void restartWithNoSource_servesWhatWasAppliedFromDisk() {
        applyFirstCatalogue();
        rig.close();
        SyncRig restarted = new SyncRig(root);
        rig = restarted;
        SyncAgent offline = restarted.agent(new FolderSource(root.resolve("no-such-mount")));

        SyncStatus restored = offline.restore();
        SyncStatus synced = offline.syncOnce();

        assertThat(restored.state()).isEqualTo(SyncState.APPLIED);
        assertThat(restored.appliedVersion()).isEqualTo(1);
        assertThat(restarted.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).isEqualTo(v1Answer);
        assertThat(synced.reasonTag()).isEqualTo("source-unreachable");
        assertThat(restarted.registry.entry("cifar:1").orElseThrow().state()).isEqualTo(ModelState.READY);
    }
}
