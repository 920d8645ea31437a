package io.edgeserve.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.SslConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The connectors beside {@code server.port}: HTTPS for devices ({@code edgeserve.security.https.*}) and a port of
 * management's own ({@code edgeserve.security.management.port}). Spring Boot configures only its one connector,
 * so each extra connector gets the same settings (timeouts, header limits, virtual threads) by running the
 * factory's customizers on it; this customizer runs last, after all of them are registered. The HTTPS
 * connector takes its key, certificate and trusted device CA from an SSL bundle and reloads them when the
 * bundle's files change ({@code reload-on-update}); TLS 1.2 is its minimum unless the bundle names protocols.
 */
public final class ServerConnectors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    static final String DEFAULT_PROTOCOLS = "TLSv1.2+TLSv1.3";

    private final SecurityProperties properties;
    private final SslBundles bundles;
    private volatile Connector https;
    private volatile Connector management;

    public ServerConnectors(SecurityProperties properties, SslBundles bundles) {
        this.properties = properties;
        this.bundles = bundles;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        SecurityProperties.Https settings = properties.https();
        if (settings.port() != null) {
            Connector connector = connector(factory, settings.port(), settings.address());
            SslConnectorCustomizer ssl = new SslConnectorCustomizer(LogFactory.getLog(ServerConnectors.class),
                    connector, settings.clientAuth());
            SslBundle bundle = bundles.getBundle(settings.bundle());
            ssl.customize(bundle, java.util.Map.of());
            if (bundle.getOptions().getEnabledProtocols() == null) {
                AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
                for (SSLHostConfig host : protocol.findSslHostConfigs()) {
                    host.setProtocols(DEFAULT_PROTOCOLS);
                }
            }
            bundles.addBundleUpdateHandler(settings.bundle(), updated -> ssl.update(null, updated));
            factory.addAdditionalConnectors(connector);
            https = connector;
        }
        SecurityProperties.Management managementSettings = properties.management();
        if (managementSettings.port() != null) {
            Connector connector = connector(factory, managementSettings.port(), managementSettings.address());
            factory.addAdditionalConnectors(connector);
            management = connector;
        }
    }

    /** The HTTPS connector's port once listening (port 0 picks a free one), or -1 without HTTPS. */
    public int httpsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    /** The management connector's port once listening, or -1 where management has no port of its own. */
    public int managementPort() {
        return management == null ? -1 : management.getLocalPort();
    }

    @SuppressWarnings("unchecked")
    private static Connector connector(TomcatServletWebServerFactory factory, int port, String address) {
        Connector connector = new Connector(factory.getProtocol());
        connector.setThrowOnFailure(true);
        connector.setPort(port);
        ProtocolHandler handler = connector.getProtocolHandler();
        if (address != null && !address.isBlank() && handler instanceof AbstractProtocol<?> protocol) {
            try {
                protocol.setAddress(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot bind to unknown address '" + address + "'", e);
            }
        }
        if (factory.getUriEncoding() != null) {
            connector.setURIEncoding(factory.getUriEncoding().name());
        }
        LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getProtocolHandlerCustomizers(), handler)
                .invoke(customizer -> customizer.customize(handler));
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        return connector;
    }
}
