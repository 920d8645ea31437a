/**
 * The dynamic batcher: merges concurrent requests for one model into batches and runs them on a few worker
 * threads, each owning its own runner. A pure {@link io.edgeserve.batching.BatchPolicy} decides "run now" or
 * "wait"; the loop around it only waits or hands out batches. A lone request may instead run on its caller's
 * thread with an idle worker's runner, lent for the time ({@link io.edgeserve.batching.DynamicBatcher#runOrSubmit}).
 *
 * <p>The package knows nothing of HTTP, Spring or DJL: it imports only {@code java.*} and
 * {@code io.edgeserve.problem}, and is generic over the payload through {@link io.edgeserve.batching.BatchRows}
 * and {@link io.edgeserve.batching.BatchRunner}. Time comes from an injected {@link io.edgeserve.batching.Ticker}.
 */
package io.edgeserve.batching;
