package io.edgeserve.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.springframework.boot.ssl.SslBundle;

/**
 * The broker edgeserve runs itself when no other is named: Moquette, in memory, MQTT 3.1.1, on a plain port and
 * optionally a TLS port where devices must present a certificate signed by the CA of the TLS bundle's trust store
 * (the gateway profile's device CA). Moquette's telemetry (a report sent home at start) is switched off.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** Room for a packet's fixed header, topic and properties beyond its payload. */
    private static final int PACKET_OVERHEAD_BYTES = 64 * 1024;

    private static final long BIND_WAIT_MILLIS = 5000;

    private final Server server = new Server();
    private final int configuredPort;
    private final Integer configuredTlsPort;

    /**
     * @param tlsBundle the broker's certificate and the device CA, or null where {@code settings.tlsPort()} is unset
     * @param maxPayloadBytes the largest payload edgeserve takes: the broker passes somewhat more, so that an oversized
     *                        request reaches edgeserve and gets its problem reply
     */
    EmbeddedBroker(MqttSettings.Embedded settings, SslBundle tlsBundle, long maxPayloadBytes) {
        this.configuredPort = settings.port();
        this.configuredTlsPort = settings.tlsPort();
        Properties properties = new Properties();
        properties.setProperty("host", settings.host());
        properties.setProperty("port", Integer.toString(settings.port()));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("allow_anonymous", "true");
        // MQTT 3.1.1 lets a clean session leave its client id empty for the broker to assign (3.1.3.1), and
        // mosquitto_pub and mosquitto_sub 2.x, like many small device libraries, do so unless given -i.
        properties.setProperty("allow_zero_byte_client_id", "true");
        properties.setProperty("netty.mqtt.message_size",
                Long.toString(Math.min(Integer.MAX_VALUE, 2 * maxPayloadBytes + PACKET_OVERHEAD_BYTES)));
        if (settings.tlsPort() != null) {
            properties.setProperty("ssl_port", Integer.toString(settings.tlsPort()));
            properties.setProperty("need_client_auth", "true");
        }
        try {
            server.startServer(new MemoryConfig(properties), List.of(),
                    tlsBundle == null ? null : () -> deviceTls(tlsBundle), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded MQTT broker could not start on " + settings.host() + ":"
                    + settings.port(), e);
        } catch (RuntimeException e) {
            // Moquette reports a port it cannot bind (another broker holds 1883, say) as a bare RuntimeException, after
            // its event loops started: stop them, and say which setting to change.
            server.stopServer();
            throw new IllegalStateException("the embedded MQTT broker cannot listen on " + settings.host() + ":"
                    + settings.port() + (settings.tlsPort() == null ? "" : " and TLS port " + settings.tlsPort())
                    + " (edgeserve.mqtt.embedded.port, .tls-port): " + e.getMessage(), e);
        }
    }

    /**
     * The plain port it listens on. Moquette records a bound port only once the bind completes, after
     * {@code startServer} returns: for port 0 this waits for it.
     */
    int port() {
        return configuredPort != 0 ? configuredPort : bound(server::getPort);
    }

    int tlsPort() {
        return configuredTlsPort != null && configuredTlsPort != 0 ? configuredTlsPort : bound(server::getSslPort);
    }

    private static int bound(java.util.function.IntSupplier port) {
        long deadline = System.nanoTime() + BIND_WAIT_MILLIS * 1_000_000;
        while (port.getAsInt() <= 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            Thread.yield();
        }
        if (port.getAsInt() <= 0) {
            throw new IllegalStateException("the embedded MQTT broker did not bind its port");
        }
        return port.getAsInt();
    }

    @Override
    public void close() {
        server.stopServer();
    }

    private static SslContext deviceTls(SslBundle bundle) {
        try {
            return SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("the embedded MQTT broker's TLS context could not be built", e);
        }
    }
}
