package io.edgeserve.sagemaker;

import io.edgeserve.invocation.ClientConnection;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets the HTTP front ends tell whether a caller is still connected ({@link #of}). A Tomcat valve hands each request
 * a {@link ClientConnection} naming its TCP connection by its ports, as the socket has them (a proxy's forwarded
 * headers do not change them); the kernel's table of connections ({@link TcpStates}) then says whether the peer has
 * closed it. Nothing reads the socket: a probe through Tomcat's input would take bytes of a pipelined next request
 * from under Tomcat's own bookkeeping.
 */
@Component
public class ConnectionWatch implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String ATTRIBUTE = ConnectionWatch.class.getName();

    private final TcpStates connections = new TcpStates();

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextValves(new Valve(connections));
    }

    /** The caller's connection, or {@link ClientConnection#UNKNOWN} outside Tomcat (a mock request in a test). */
    public static ClientConnection of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ClientConnection connection
                ? connection : ClientConnection.UNKNOWN;
    }

    private static final class Valve extends ValveBase {

        private final TcpStates connections;

        Valve(TcpStates connections) {
            super(true);
            this.connections = connections;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(ATTRIBUTE, new TcpConnection(request.getCoyoteRequest(), connections));
            getNext().invoke(request, response);
        }
    }

    /** One request's connection; its ports are looked up only when first asked, so a quick answer costs nothing. */
    private static final class TcpConnection implements ClientConnection {

        private final org.apache.coyote.Request coyote;
        private final TcpStates connections;
        /** When the request was seen: its connection was open then, whatever an older reading of the table says. */
        private final long openByNanos = System.nanoTime();

        TcpConnection(org.apache.coyote.Request coyote, TcpStates connections) {
            this.coyote = coyote;
            this.connections = connections;
        }

        @Override
        public boolean gone() {
            try {
                coyote.action(ActionCode.REQ_LOCALPORT_ATTRIBUTE, coyote);
                coyote.action(ActionCode.REQ_REMOTEPORT_ATTRIBUTE, coyote);
                return connections.closedByPeer(coyote.getLocalPort(), coyote.getRemotePort(), openByNanos,
                        System.nanoTime());
            } catch (RuntimeException e) { // a connection that cannot be looked up is taken to be there
                return false;
            }
        }
    }
}
