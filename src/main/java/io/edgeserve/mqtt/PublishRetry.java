package io.edgeserve.mqtt;

import java.util.function.ToIntFunction;

/**
 * Publishes a reply, waiting while the client's window of unacknowledged QoS 1 messages is full (Paho refuses a
 * publish then, rather than queue it): the wait is bounded by the in-flight requests and the publish timeout.
 */
final class PublishRetry {

    /** Paho's reason code for "too many publishes in progress", the same in its MQTT 5 and 3.1.1 clients. */
    static final int MAX_INFLIGHT = 32202;
    private static final long PAUSE_MILLIS = 2;

    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private PublishRetry() {}

    static boolean publish(long timeoutMillis, Attempt attempt, ToIntFunction<Exception> reasonCode) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            try {
                attempt.run();
                return true;
            } catch (Exception e) {
                if (reasonCode.applyAsInt(e) != MAX_INFLIGHT || System.nanoTime() - deadline > 0) {
                    return false;
                }
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
