package io.edgeserve.mqtt;

import io.edgeserve.invocation.Transport;
import io.edgeserve.invocation.TransportStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to its broker, as a small state machine: connecting, connected, disconnected (with the
 * reason kept for {@code /ping}), stopped. It connects with MQTT 5 and falls back to 3.1.1 where the broker refuses
 * 5 (and keeps to 3.1.1 from then on), subscribes (shared where it can), and after a loss reconnects with
 * {@link Backoff} and subscribes again. Only its one scheduler thread connects, so attempts never overlap.
 */
final class BrokerConnection implements TransportStatus, MqttInvocations.ReplySink {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    enum State { CONNECTING, CONNECTED, DISCONNECTED, STOPPED }

    /** Opens a session in one protocol version. */
    @FunctionalInterface
    interface Connector {
        BrokerSession connect(ConnectionTarget target, BrokerSession.Events events) throws Exception;
    }

    private final ConnectionTarget target;
    private final String protocolSetting;
    private final RequestTopics topics;
    private final String shareGroup;
    private final boolean shareOnV3;
    private final int qos;
    private final Backoff backoff;
    private final MqttInvocations invocations;
    private final MqttMetrics metrics;
    private final Connector mqtt5;
    private final Connector mqtt3;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "edgeserve-mqtt-connect");
        thread.setDaemon(true);
        return thread;
    });

    private volatile State state = State.CONNECTING;
    private volatile String reason = "starting";
    private volatile BrokerSession session;
    private volatile boolean subscriptionShared;
    private boolean fallBackToV3;
    private boolean everConnected;
    private int failedAttempts;

    /**
     * @param shareGroup the shared subscription group, or null for plain subscriptions
     * @param shareOnV3  whether to share over MQTT 3.1.1, which cannot say whether the broker supports it
     */
    BrokerConnection(ConnectionTarget target, String protocolSetting, RequestTopics topics, String shareGroup,
            boolean shareOnV3, int qos, Backoff backoff, MqttInvocations invocations, MqttMetrics metrics,
            Connector mqtt5, Connector mqtt3) {
        this.target = target;
        this.protocolSetting = protocolSetting;
        this.topics = topics;
        this.shareGroup = shareGroup;
        this.shareOnV3 = shareOnV3;
        this.qos = qos;
        this.backoff = backoff;
        this.invocations = invocations;
        this.metrics = metrics;
        this.mqtt5 = mqtt5;
        this.mqtt3 = mqtt3;
    }

    void start() {
        scheduler.execute(this::connect);
    }

    void stop() {
        state = State.STOPPED;
        reason = "stopped";
        scheduler.shutdownNow();
        BrokerSession current = session;
        session = null;
        if (current != null) {
            current.close();
        }
        metrics.connected(false);
    }

    @Override
    public boolean publish(Reply reply) {
        BrokerSession current = session;
        return current != null && current.publish(reply);
    }

    @Override
    public Transport transport() {
        return Transport.MQTT;
    }

    @Override
    public String state() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("broker", target.uri());
        BrokerSession current = session;
        if (current != null) {
            details.put("protocol", current.protocol());
            details.put("subscription", subscriptionShared ? "shared" : "plain");
        }
        if (state != State.CONNECTED) {
            details.put("reason", reason);
        }
        return details;
    }

    private void connect() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.CONNECTING;
        BrokerSession opened = null;
        Events events = new Events();
        try {
            opened = open(events);
            events.owner = opened;
            boolean shared = shareGroup != null && (opened.protocol().equals("5")
                    ? opened.sharedSubscriptionAvailable() : shareOnV3);
            List<String> filters = topics.subscriptions(shared ? shareGroup : null);
            opened.subscribe(filters, qos);
            subscriptionShared = shared;
            session = opened;
            if (state == State.STOPPED) {
                opened.close();
                return;
            }
            state = State.CONNECTED;
            reason = null;
            failedAttempts = 0;
            metrics.connected(true);
            if (everConnected) {
                metrics.reconnected();
            }
            everConnected = true;
            log.info("MQTT: connected to {} with MQTT {}, subscribed to {}", target.uri(), opened.protocol(), filters);
        } catch (Exception e) {
            if (opened != null) {
                opened.close();
            }
            failed(describe(e));
        }
    }

    /** MQTT 5 first unless the settings or an earlier refusal say 3.1.1; 3.1.1 where 5 was refused and auto allows. */
    private BrokerSession open(Events events) throws Exception {
        if (protocolSetting.equals("3.1.1") || fallBackToV3) {
            return mqtt3.connect(target, events);
        }
        try {
            return mqtt5.connect(target, events);
        } catch (Exception refused) {
            if (!protocolSetting.equals("auto")) {
                throw refused;
            }
            BrokerSession older = mqtt3.connect(target, events);
            fallBackToV3 = true;
            log.info("MQTT: {} refused MQTT 5 ({}); using MQTT 3.1.1", target.uri(), describe(refused));
            return older;
        }
    }

    private void failed(String why) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.DISCONNECTED;
        reason = why;
        metrics.connected(false);
        java.time.Duration delay = backoff.delay(failedAttempts++);
        log.warn("MQTT: no connection to {} ({}); retrying in {} ms", target.uri(), why, delay.toMillis());
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopping
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "the connection closed";
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** One session's events: a loss reported by a session already replaced is ignored. */
    private final class Events implements BrokerSession.Events {

        private volatile BrokerSession owner;

        @Override
        public void message(InboundMessage message) {
            invocations.accept(message, BrokerConnection.this);
        }

        @Override
        public void lost(Throwable cause) {
            try {
                scheduler.execute(() -> {
                    BrokerSession lost = session;
                    if (lost == null || lost != owner || state != State.CONNECTED) {
                        return;
                    }
                    session = null;
                    lost.close();
                    failed("connection lost: " + describe(cause));
                });
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // stopping
            }
        }
    }
}
