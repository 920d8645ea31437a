package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker binds its port before the service goes on starting: a port another process holds stops the
 * start with the port named, instead of a gateway that answers HTTP while no device can reach its broker.
 */
class EmbeddedBrokerBindTest {

    @Test
    void aPortInUse_failsTheStartNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> new EmbeddedBroker(new MqttSettings.Embedded("127.0.0.1", port, null, "none"),
                    null, 1024).close())
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void aFreePort_isBoundWhenTheBrokerIsBuilt() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (EmbeddedBroker broker = new EmbeddedBroker(new MqttSettings.Embedded("127.0.0.1", port, null, "none"),
                null, 1024)) {
            assertThat(broker.port()).isEqualTo(port);
            try (var device = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(device.isConnected()).isTrue();
            }
        }
    }
}
