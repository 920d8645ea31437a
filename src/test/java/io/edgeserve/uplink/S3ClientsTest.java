package io.edgeserve.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The production client factory against a real S3-compatible server, directly and through a faulty link. */
class S3ClientsTest {

    private static S3Server server;
    private static final byte[] OBJECT = new byte[256 * 1024];

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("uplink-test");
        new Random(7).nextBytes(OBJECT);
        try (S3Client client = server.client()) {
            client.putObject(b -> b.bucket(server.bucket()).key("data/blob.bin"), RequestBody.fromBytes(OBJECT));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pathStyleClient_readsAnObjectBack() {
        try (S3Client client = server.client()) {
            byte[] read = client.getObjectAsBytes(b -> b.bucket(server.bucket()).key("data/blob.bin")).asByteArray();

            assertThat(read).isEqualTo(OBJECT);
        }
    }

    @Test
    void rangedGet_returnsOnlyTheTail() {
        try (S3Client client = server.client()) {
            byte[] tail = client.getObjectAsBytes(b -> b.bucket(server.bucket()).key("data/blob.bin")
                    .range("bytes=200000-")).asByteArray();

            assertThat(tail).hasSize(OBJECT.length - 200_000);
            assertThat(tail[0]).isEqualTo(OBJECT[200_000]);
        }
    }

    @Test
    void proxyCutsTheBodyAtTheChosenByte_andCountsWhatPassed() throws Exception {
        try (var proxy = FaultyProxy.start(server.port());
                S3Client client = S3Clients.create(S3Settings.compatible(proxy.endpoint()), S3Server.CREDENTIALS)) {
            proxy.cutResponseOnce(100_000);
            byte[] received = new byte[OBJECT.length];
            int total = 0;
            try (var stream = client.getObject(b -> b.bucket(server.bucket()).key("data/blob.bin"))) {
                int read;
                while ((read = stream.read(received, total, received.length - total)) > 0) {
                    total += read;
                }
            } catch (java.io.IOException | SdkClientException cut) {
                // the link dropped, as asked
            }

            assertThat(total).isEqualTo(100_000);
            assertThat(proxy.responseBodyBytes()).isEqualTo(100_000);
        }
    }

    @Test
    void proxyCorruptsOneByte_andLeavesTheRest() throws Exception {
        try (var proxy = FaultyProxy.start(server.port());
                S3Client client = S3Clients.create(S3Settings.compatible(proxy.endpoint()), S3Server.CREDENTIALS)) {
            proxy.corruptResponseOnce(1234);
            // The SDK checks S3's own response checksums where the store sends them; s3rver sends none, so the
            // corrupted byte reaches the caller, whose sha256 check must catch it.
            byte[] read = client.getObjectAsBytes(b -> b.bucket(server.bucket()).key("data/blob.bin")).asByteArray();

            assertThat(read[1234]).isEqualTo((byte) ~OBJECT[1234]);
            read[1234] = OBJECT[1234];
            assertThat(read).isEqualTo(OBJECT);
        }
    }

    @Test
    void unreachableStore_failsWithinTheConnectTimeout() throws Exception {
        try (var proxy = FaultyProxy.start(server.port())) {
            proxy.refuseConnections(true);
            var settings = new S3Settings(proxy.endpoint(), null, true, Duration.ofSeconds(1), Duration.ofSeconds(1));
            try (S3Client client = S3Clients.create(settings, S3Server.CREDENTIALS)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(server.bucket()).key("data/blob.bin")))
                        .isInstanceOf(SdkClientException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void settingsRefuseARelativeEndpoint_andDefaultTheRegion() {
        assertThatThrownBy(() -> S3Settings.compatible(URI.create("bucket/prefix")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(S3Settings.compatible(URI.create("http://127.0.0.1:9000")).region())
                .isEqualTo(S3Settings.DEFAULT_REGION);
    }
}
