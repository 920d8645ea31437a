package io.edgeserve.batching;

/**
 * Runs one merged batch through the model. Each worker thread creates, uses and closes its own runner, and no other
 * thread ever touches it, so a runner need not be thread-safe (a DJL {@code Predictor} is not).
 *
 * @param <I> the merged input of a batch
 * @param <O> the output of a whole batch
 */
@FunctionalInterface
public interface BatchRunner<I, O> extends AutoCloseable {

    /**
     * Runs the batch. A {@link io.edgeserve.problem.ProblemException} thrown here reaches the batch's callers as it
     * is (its detail must then be client-safe); any other exception becomes {@code ENGINE_FAILURE}.
     */
    O run(I batch) throws Exception;

    /** Releases what the runner holds; called once, on its worker's thread, when the worker ends. */
    @Override
    default void close() throws Exception {
    }
}
