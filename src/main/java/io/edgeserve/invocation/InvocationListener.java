package io.edgeserve.invocation;

/**
 * Told of every request the core finished, answered or refused, once, on the caller's thread. A listener must be
 * quick and must not throw: metrics count here, data capture hands the record to its own queue.
 */
@FunctionalInterface
public interface InvocationListener {

    void completed(InvocationRecord record);
}
