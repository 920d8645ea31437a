package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeserve.uplink.FaultyProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync from a web server (the JDK's own, serving the published folder with Range support) through a proxy that
 * cuts the download: the JDK HTTP client source resumes with a Range request.
 */
class HttpSourceTest {


    @TempDir
    Path root;

    private SyncRig rig;
    private HttpServer server;
    private FaultyProxy proxy;
    private final AtomicInteger rangeRequests = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        rig = new SyncRig(root);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/site/", this::serve);
        server.start();
        proxy = FaultyProxy.start(server.getAddress().getPort());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        server.stop(0);
        rig.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        PublishedFile file = PublishedFile.answer(exchange, rig.published, rangeRequests);
        if (file == null) {
            return;
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(file.content(), file.from(), file.length());
        }
    }

    private SyncAgent agent() throws Exception {
        return rig.agent(new HttpsSource(URI.create(proxy.endpoint() + "/site/"), SSLContext.getDefault(),
                "the JVM's trust store", Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @Test
    void downloadCutAtHalf_resumesWithARangeRequest() throws Exception {
        rig.linregVersion(1);
        rig.cifarVersion(1, "cifar-resnet20-v1");
        Catalogue catalogue = rig.publish(1);
        long params = Files.size(rig.published.resolve("cifar/1/cifar_resnet20_v1-0000.params"));
        SyncAgent agent = agent();
        proxy.cutResponseOnce(params / 2);

        SyncStatus cut = agent.syncOnce();
        SyncStatus resumed = agent.syncOnce();

        assertThat(cut.reasonTag()).isEqualTo("source-unreachable");
        assertThat(resumed.state()).isEqualTo(SyncState.APPLIED);
        assertThat(rangeRequests.get()).isEqualTo(1);
        long files = catalogue.models().stream().mapToLong(Catalogue.Release::totalBytes).sum();
        assertThat(rig.events.bytes.get()).isEqualTo(files);
    }

    @Test
    void noCatalogueAtTheSource_isMalformed_andNothingLoads() throws Exception {
        SyncStatus status = agent().syncOnce();

        assertThat(status.reasonTag()).isEqualTo("malformed");
        assertThat(status.reason()).contains("no catalogue.json");
        assertThat(rig.registry.entries()).isEmpty();
    }
}
