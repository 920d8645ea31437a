package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.edgeserve.security.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Sync over real HTTPS: the JDK's HttpsServer with a BouncyCastle certificate serves a catalogue that the production
 * builder published, and the source trusts it through a Spring Boot SSL bundle read from the CA's PEM file, as
 * {@code edgeserve.sync.https.trust-bundle} configures it. The server itself cuts or stalls a body at a chosen byte
 * (a TCP proxy cannot find the HTTP body inside TLS records).
 */
class HttpsSourceTest {

    private static final String PARAMS = "cifar/1/cifar_resnet20_v1-0000.params";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path root;

    private SyncRig rig;
    private final TestCertificates.Authority syncCa = TestCertificates.authority("sync-ca");
    private DefaultSslBundleRegistry bundles;
    private final List<HttpsServer> servers = new ArrayList<>();
    private final List<CatalogueSource> sources = new ArrayList<>();
    private Path caFile;
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final AtomicLong cutAt = new AtomicLong(-1);
    private final AtomicLong stallAt = new AtomicLong(-1);
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        rig = new SyncRig(root);
        caFile = root.resolve("tls/sync-ca.crt");
        syncCa.writePem(caFile);
        // What spring.ssl.bundle.pem.sync-ca.truststore.certificate=file:... makes.
        bundles = new DefaultSslBundleRegistry("sync-ca",
                SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + caFile))));
    }

    @AfterEach
    void tearDown() {
        released.countDown();
        sources.forEach(CatalogueSource::close);
        servers.forEach(server -> server.stop(0));
        rig.close();
    }

    /** An HTTPS server on loopback serving the published folder, with a certificate {@code issuer} signed. */
    private URI serve(TestCertificates.Authority issuer) throws Exception {
        TestCertificates.Issued certificate = issuer.server("localhost");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(certificate.keyStore("test".toCharArray()), "test".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, new SecureRandom());
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/site/", this::handle);
        server.start();
        servers.add(server);
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/site/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        PublishedFile file = PublishedFile.answer(exchange, rig.published, rangeRequests);
        if (file == null) {
            return;
        }
        byte[] content = file.content();
        int from = file.from();
        OutputStream out = exchange.getResponseBody();
        long cut = content.length > 100_000 ? cutAt.getAndSet(-1) : -1;
        long stall = content.length > 100_000 ? stallAt.getAndSet(-1) : -1;
        if (cut >= 0) {
            out.write(content, from, (int) cut);
            out.flush();
            // A handler that fails makes the server drop the connection: the link is lost mid-body.
            throw new IOException("cut by the test at byte " + cut);
        }
        try {
            if (stall >= 0) {
                out.write(content, from, (int) stall);
                out.flush();
                released.await(10, TimeUnit.SECONDS);
                out.write(content, from + (int) stall, content.length - from - (int) stall);
            } else {
                out.write(content, from, content.length - from);
            }
            out.close();
        } catch (IOException | InterruptedException e) {
            exchange.close(); // the client gave up on this body
        }
    }

    private SyncAgent agent(URI site, String trustBundle) {
        HttpsSource source = new HttpsSource(site, SyncConfiguration.trust(trustBundle, bundles),
                trustBundle == null ? "the JVM's trust store" : "SSL bundle '" + trustBundle + "'",
                Duration.ofSeconds(5), READ_TIMEOUT);
        sources.add(source);
        return rig.agent(source);
    }

    /** The source as the gateway makes it from its settings: Spring Boot's SSL bundles and edgeserve.sync.*. */
    private SyncAgent configuredAgent(URI site) {
        AtomicReference<CatalogueSource> made = new AtomicReference<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withUserConfiguration(SyncSettings.class)
                .withPropertyValues("spring.ssl.bundle.pem.sync-ca.truststore.certificate=file:" + caFile,
                        "edgeserve.sync.source=" + site, "edgeserve.sync.public-keys=unused-here",
                        "edgeserve.sync.https.trust-bundle=sync-ca", "edgeserve.sync.https.read-timeout=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    made.set(new SyncConfiguration().catalogueSource(context.getBean(SyncProperties.class),
                            context.getBeanProvider(SslBundles.class)));
                });
        sources.add(made.get());
        return rig.agent(made.get());
    }

    @EnableConfigurationProperties(SyncProperties.class)
    static class SyncSettings {}

    @Test
    void trustedByTheBundle_syncsOverHttps_andResumesWithARangeAfterACut() throws Exception {
        rig.linregVersion(1);
        rig.cifarVersion(1, "cifar-resnet20-v1");
        Catalogue catalogue = rig.publish(1);
        SyncAgent agent = configuredAgent(serve(syncCa));
        cutAt.set(Files.size(rig.published.resolve(PARAMS)) / 2);

        SyncStatus cut = agent.syncOnce();
        SyncStatus resumed = agent.syncOnce();

        assertThat(cut.reasonTag()).isEqualTo("source-unreachable");
        assertThat(cut.reason()).contains("cifar_resnet20_v1-0000.params: download stopped at");
        assertThat(cut.reason()).doesNotContain("linreg");
        assertThat(resumed.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rangeRequests.get()).isEqualTo(1);
        long files = catalogue.models().stream().mapToLong(Catalogue.Release::totalBytes).sum();
        assertThat(rig.events.bytes.get()).isEqualTo(files);
        assertThat(rig.answer("linreg", List.of(1L, 2L), new float[] {1, 2})[0]).isCloseTo(5f,
                org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void certificateTheTrustDoesNotCover_isRefusedWithItsReason_andTheRunningModelsStay() throws Exception {
        rig.cifarVersion(1, "cifar-resnet20-v1");
        rig.publish(1);
        URI trusted = serve(syncCa);
        assertThat(agent(trusted, "sync-ca").syncOnce().state()).isEqualTo(SyncState.APPLIED);
        float[] before = rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f));
        rig.cifarVersion(2, "cifar-resnet20-v2");
        rig.publish(2);

        SyncStatus stranger = agent(serve(TestCertificates.authority("stranger-ca")), "sync-ca").syncOnce();
        SyncStatus jvmDefault = agent(trusted, null).syncOnce();

        assertThat(stranger.state()).isNotEqualTo(SyncState.APPLIED);
        assertThat(stranger.reasonTag()).isEqualTo("source-unreachable");
        assertThat(stranger.reason()).contains("TLS handshake with localhost:", "SSL bundle 'sync-ca'");
        assertThat(jvmDefault.reasonTag()).isEqualTo("source-unreachable");
        assertThat(jvmDefault.reason()).contains("the JVM's trust store");
        assertThat(rig.registry.entries()).extracting(io.edgeserve.registry.ModelEntry::name)
                .contains("cifar:1").doesNotContain("cifar:2");
        assertThat(rig.answer("cifar", SyncRig.CIFAR_SHAPE, SyncRig.fill(0.5f))).containsExactly(before);
    }

    @Test
    void trustBundleThatDoesNotExist_failsAtStartWithTheSettingsName() {
        assertThatThrownBy(() -> SyncConfiguration.trust("sync-cq", bundles))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edgeserve.sync.https.trust-bundle").hasMessageContaining("sync-cq");
    }

    @Test
    void bodyThatStallsAfterItsHeaders_timesOut_andTheNextSyncResumes() throws Exception {
        rig.cifarVersion(1, "cifar-resnet20-v1");
        rig.publish(1);
        SyncAgent agent = agent(serve(syncCa), "sync-ca");
        stallAt.set(Files.size(rig.published.resolve(PARAMS)) / 2);

        SyncStatus stalled = agent.syncOnce();
        SyncStatus resumed = agent.syncOnce();

        assertThat(stalled.reasonTag()).isEqualTo("source-unreachable");
        assertThat(stalled.reason()).contains("sent no byte for PT2S", "edgeserve.sync.https.read-timeout");
        assertThat(resumed.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rangeRequests.get()).isEqualTo(1);
    }
}
