package io.edgeserve.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The input shapes a model keeps engine state for, least recently used first, never more than its cap. Each shape's
 * verdict (the bytes its executor takes, or why the graph refuses it) is worked out once, when it is first seen, and
 * forgotten with it. One rule: a shape is in the cache only while edgeserve counts its executor's bytes.
 *
 * @param <V> what is known of a shape, e.g. its executor's bytes or the engine's refusal
 */
final class ShapeCache<V> {

    private final int maxShapes;
    private final Map<List<?>, V> shapes;
    private final AtomicLong evictions = new AtomicLong();

    /** @param maxShapes at most this many shapes are kept; at least 1 */
    ShapeCache(int maxShapes) {
        if (maxShapes < 1) {
            throw new IllegalArgumentException("a model keeps at least one shape, was " + maxShapes);
        }
        this.maxShapes = maxShapes;
        this.shapes = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * What is known of {@code shape}, worked out by {@code verdict} where it is new; the least recently used shape is
     * evicted to make room. Synchronized: requests of one model call it from many threads.
     */
    synchronized V lookup(List<?> shape, Function<List<?>, V> verdict) {
        V known = shapes.get(shape);
        if (known != null) {
            return known;
        }
        V fresh = verdict.apply(shape);
        if (shapes.size() >= maxShapes) {
            var eldest = shapes.keySet().iterator();
            eldest.next();
            eldest.remove();
            evictions.incrementAndGet();
        }
        shapes.put(List.copyOf(shape), fresh);
        return fresh;
    }

    synchronized int size() {
        return shapes.size();
    }

    int maxShapes() {
        return maxShapes;
    }

    /** Shapes dropped to keep within the cap since the model loaded. */
    long evictions() {
        return evictions.get();
    }

    /** The sum of {@code bytes} over the shapes kept now. */
    synchronized long sum(java.util.function.ToLongFunction<V> bytes) {
        long total = 0;
        for (V value : shapes.values()) {
            total += bytes.applyAsLong(value);
        }
        return total;
    }
}
