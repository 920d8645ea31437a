package io.edgeserve.mqtt;

import java.time.Duration;
import javax.net.SocketFactory;

/**
 * Where and as whom the gateway connects: the same for either protocol version.
 *
 * @param socketFactory for {@code ssl://}: a factory with the gateway's client certificate and trust store, else null
 */
record ConnectionTarget(String uri, String clientId, String username, String password, SocketFactory socketFactory,
                        Duration connectTimeout, Duration keepAlive, Duration publishTimeout, int receiveMaximum) {

    @Override
    public String toString() {
        return "ConnectionTarget[" + uri + ", clientId=" + clientId + ", username=" + username + "]";
    }
}
