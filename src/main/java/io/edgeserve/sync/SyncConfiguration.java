package io.edgeserve.sync;

import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.uplink.Backoff;
import io.edgeserve.uplink.S3Clients;
import io.edgeserve.uplink.S3Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Wires model sync where {@code edgeserve.sync.source} is set; no logic lives here. The setting is read by a
 * {@link BeanRegistrar} as the service starts, not by a {@code @Conditional}: the jar is processed by Spring AOT,
 * which settles conditions at build time.
 */
@Configuration(proxyBeanMethods = false)
@Import(SyncConfiguration.Switch.class)
public class SyncConfiguration {

    /** Registers the source, the agent, its scheduler and {@code /sync} where a source is set. */
    public static final class Switch implements BeanRegistrar {
        @Override
        public void register(BeanRegistry registry, Environment environment) {
            if (!StringUtils.hasText(environment.getProperty("edgeserve.sync.source"))) {
                return;
            }
            // Closed by the context as it stops: both are AutoCloseable.
            registry.registerBean("catalogueSource", CatalogueSource.class, bean -> bean.supplier(context ->
                    catalogueSource(context.bean(SyncProperties.class), context.beanProvider(SslBundles.class))));
            registry.registerBean("syncAgent", SyncAgent.class, bean -> bean.supplier(context ->
                    syncAgent(context.bean(SyncProperties.class), context.bean(CatalogueSource.class),
                            context.bean(ModelRegistry.class), context.bean(MeterRegistry.class))));
            registry.registerBean("syncScheduler", SyncScheduler.class, bean -> bean.supplier(context -> {
                SyncScheduler scheduler = syncScheduler(context.bean(SyncAgent.class), context.bean(SyncProperties.class));
                scheduler.start();
                return scheduler;
            }));
            registry.registerBean("syncController", SyncController.class, bean -> bean.supplier(context ->
                    new SyncController(context.bean(SyncAgent.class))));
        }
    }

    static CatalogueSource catalogueSource(SyncProperties properties, ObjectProvider<SslBundles> bundles) {
        var source = properties.source();
        return switch (source.getScheme()) {
            case "s3" -> {
                SyncProperties.S3 s3 = properties.s3();
                yield new S3Source(S3Clients.create(new S3Settings(s3.endpoint(), s3.region(), s3.pathStyle(),
                        s3.connectTimeout(), s3.socketTimeout())), source);
            }
            case "https", "http" -> {
                SyncProperties.Https https = properties.https();
                String bundle = https.trustBundle();
                yield new HttpsSource(source, trust(bundle, bundles.getIfAvailable()),
                        bundle == null ? "the JVM's trust store" : "SSL bundle '" + bundle + "'",
                        https.connectTimeout(), https.readTimeout());
            }
            default -> new FolderSource(Path.of(source));
        };
    }

    static SyncAgent syncAgent(SyncProperties properties, CatalogueSource source, ModelRegistry registry,
            MeterRegistry meters) {
        var check = new CatalogueCheck(publicKeys(properties.publicKeys()), properties.expiryGrace(), Clock.systemUTC());
        var models = new RegistrySwitch(registry, properties.drain(), properties.selfTestTimeout());
        AtomicReference<SyncAgent> agent = new AtomicReference<>();
        var metrics = new SyncMetrics(meters, () -> agent.get().status());
        agent.set(new SyncAgent(source, check, new SyncStore(properties.dir()), models, metrics, Clock.systemUTC(),
                properties.keepVersions(), Throttle.of(properties.maxBandwidth().toBytes())));
        return agent.get();
    }

    static SyncScheduler syncScheduler(SyncAgent agent, SyncProperties properties) {
        var backoff = new Backoff(properties.retryInitial(), properties.interval(),
                () -> ThreadLocalRandom.current().nextDouble());
        return new SyncScheduler(agent, backoff, properties.interval(), properties.jitter(), System::nanoTime);
    }

    /**
     * The TLS context an {@code https://} source trusts: the named SSL bundle's (its key store too, should the
     * web server ask for a client certificate), or the JVM's default where none is named.
     */
    static SSLContext trust(String bundle, SslBundles bundles) {
        if (bundle == null) {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context", e);
            }
        }
        if (bundles == null) {
            throw new IllegalStateException("edgeserve.sync.https.trust-bundle is '" + bundle
                    + "' but there are no SSL bundles (spring.ssl.bundle.*)");
        }
        try {
            return bundles.getBundle(bundle).createSslContext();
        } catch (NoSuchSslBundleException e) {
            throw new IllegalArgumentException("edgeserve.sync.https.trust-bundle: " + e.getMessage(), e);
        }
    }

    /** Each entry is PEM text or the path of a PEM file. */
    static List<PublicKey> publicKeys(List<String> entries) {
        List<PublicKey> keys = new ArrayList<>();
        for (String entry : entries) {
            try {
                keys.add(Ed25519Keys.readPublic(entry.contains("-----BEGIN") ? entry : Files.readString(Path.of(entry))));
            } catch (IOException e) {
                throw new UncheckedIOException("edgeserve.sync.public-keys: cannot read " + entry, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("edgeserve.sync.public-keys: " + e.getMessage(), e);
            }
        }
        return keys;
    }
}
