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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires model sync where {@code edgeserve.sync.source} is set; no logic lives here. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "edgeserve.sync", name = "source")
public class SyncConfiguration {

    @Bean(destroyMethod = "close")
    CatalogueSource catalogueSource(SyncProperties properties, ObjectProvider<SslBundles> bundles) {
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

    @Bean
    SyncAgent syncAgent(SyncProperties properties, CatalogueSource source, ModelRegistry registry,
            MeterRegistry meters) {
        var check = new CatalogueCheck(publicKeys(properties.publicKeys()), properties.expiryGrace(), Clock.systemUTC());
        var models = new RegistrySwitch(registry, properties.drain(), properties.selfTestTimeout());
        AtomicReference<SyncAgent> agent = new AtomicReference<>();
        var metrics = new SyncMetrics(meters, () -> agent.get().status());
        agent.set(new SyncAgent(source, check, new SyncStore(properties.dir()), models, metrics, Clock.systemUTC(),
                properties.keepVersions(), Throttle.of(properties.maxBandwidth().toBytes())));
        return agent.get();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SyncScheduler syncScheduler(SyncAgent agent, SyncProperties properties) {
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
