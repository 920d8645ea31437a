package io.edgeserve.security;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client for one protocol version, run in a JVM of its own by {@link HttpsDeviceTest}: the JDK disables
 * TLS 1.1 on the client side too, so a client that even tries it needs a JVM whose {@code jdk.tls.disabledAlgorithms}
 * allows it (given with {@code -Djava.security.properties}), and the test JVM's own TLS settings stay as they are.
 * Prints {@code OK <protocol>} when an HTTP request goes through, {@code FAILED <why>} when not.
 * <p>
 * Arguments: host, port, protocol, a PKCS12 file with the client's certificate, its password.
 */
public final class TlsProbe {

    private TlsProbe() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String protocol = args[2];
        char[] password = args[4].toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[3]))) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        // The probe asks only whether the protocol is accepted; the server's certificate is checked elsewhere.
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setSoTimeout(30_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            socket.getOutputStream().write(("GET /ping HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes());
            socket.getOutputStream().flush();
            String status = new String(socket.getInputStream().readNBytes(12));
            System.out.println(status.startsWith("HTTP/1.1") ? "OK " + socket.getSession().getProtocol() : "FAILED no HTTP answer");
        } catch (Exception e) {
            System.out.println("FAILED " + e);
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
