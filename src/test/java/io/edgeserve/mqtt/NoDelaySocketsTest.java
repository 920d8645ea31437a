package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void plainSockets_sendSmallWritesAtOnce() throws Exception {
        try (Socket socket = NoDelaySockets.plain().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSockets_sendSmallWritesAtOnce_andStayTlsForPaho() throws Exception {
        SSLSocketFactory tls = NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault());
        try (Socket socket = tls.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }
}
