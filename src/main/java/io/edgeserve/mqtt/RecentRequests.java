package io.edgeserve.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requests a connection took most recently, by key (client and request id, or response topic and correlation
 * data), so that a QoS 1 redelivery of a request is never computed twice: one in progress is dropped, one answered
 * gets its remembered reply again. Bounded: the oldest entries are forgotten first.
 */
final class RecentRequests {

    /** What to do with a request: compute it, drop it (its first delivery is in progress), or answer it again. */
    sealed interface Claim {
        record Fresh() implements Claim {}

        record InProgress() implements Claim {}

        record Answered(Reply reply) implements Claim {}
    }

    private static final Reply IN_PROGRESS = null;

    private final Map<String, Reply> entries;

    RecentRequests(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Reply> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Claims {@code key} for a new computation unless it was seen recently. */
    synchronized Claim claim(String key) {
        if (!entries.containsKey(key)) {
            entries.put(key, IN_PROGRESS);
            return new Claim.Fresh();
        }
        Reply reply = entries.get(key);
        return reply == IN_PROGRESS ? new Claim.InProgress() : new Claim.Answered(reply);
    }

    /** Remembers the reply of a claimed request (still within the bound). */
    synchronized void answered(String key, Reply reply) {
        if (entries.containsKey(key)) {
            entries.put(key, reply);
        }
    }

    /** Forgets a claim whose request could not be answered, so that a redelivery gets its chance. */
    synchronized void release(String key) {
        if (entries.get(key) == IN_PROGRESS) {
            entries.remove(key);
        }
    }
}
