package io.edgeserve.batching;

import java.util.List;

/**
 * What the batcher needs to know of a payload: how many rows it carries, which payloads may share a batch, and how
 * to merge them and split the answer. The batcher never looks inside a payload otherwise.
 *
 * <p>Called from submitting threads and from worker threads at the same time, so implementations must be
 * stateless or thread-safe.
 *
 * @param <I> a request's input, e.g. a tensor whose first axis holds its rows
 * @param <O> a request's output
 */
public interface BatchRows<I, O> {

    /** The number of examples the input carries along its first axis; a request with fewer than 1 is refused. */
    int rows(I input);

    /**
     * Only inputs whose keys are {@code equals} share a batch, e.g. the per-row shape and data type, so that
     * {@link #merge} can concatenate them. Never null; it must implement {@code hashCode} consistently.
     */
    Object compatibilityKey(I input);

    /**
     * Concatenates inputs along the first axis, in the given order. Called only with two or more inputs, all with
     * equal compatibility keys; a batch of one request runs its input as it is.
     */
    I merge(List<I> inputs);

    /**
     * Gives each request its own rows back: cuts the output of a merged batch into {@code rowCounts.length} parts,
     * in order, the i-th with {@code rowCounts[i]} rows. Called only for batches of two or more requests.
     */
    List<O> split(O output, int[] rowCounts);
}
