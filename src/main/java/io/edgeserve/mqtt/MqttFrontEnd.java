package io.edgeserve.mqtt;

import io.edgeserve.invocation.Transport;
import io.edgeserve.invocation.TransportStatus;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * The MQTT front end as the application starts and stops it: connects once everything else has started (the last
 * phase), and disconnects first on shutdown, giving requests being computed a moment to be answered.
 */
final class MqttFrontEnd implements SmartLifecycle, TransportStatus {

    private static final long DRAIN_MILLIS = 2000;

    private final BrokerConnection connection;
    private final ExecutorService executor;
    private final MqttInvocations invocations;
    private final EmbeddedBroker embedded;
    private volatile boolean running;

    /** @param embedded the embedded broker this front end connects to, closed after it; or null */
    MqttFrontEnd(BrokerConnection connection, ExecutorService executor, MqttInvocations invocations,
            EmbeddedBroker embedded) {
        this.connection = connection;
        this.executor = executor;
        this.invocations = invocations;
        this.embedded = embedded;
    }

    @Override
    public void start() {
        running = true;
        connection.start();
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (invocations.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connection.stop();
        executor.shutdownNow();
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Transport transport() {
        return connection.transport();
    }

    @Override
    public String state() {
        return connection.state();
    }

    @Override
    public Map<String, String> details() {
        return connection.details();
    }
}
