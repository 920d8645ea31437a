package io.edgeserve.bench;

/**
 * What the service and the machine had spent at one moment; the difference of two readings is one run's costs.
 * Every figure is -1 where it could not be read, and so is any difference involving it.
 *
 * @param cpuNanos the service process's CPU time, every thread
 * @param compilerNanos the part of it taken by the JIT compiler threads
 * @param machineBusyNanos the whole machine's busy CPU time, the load generator's included
 * @param batchRows rows the model's batcher has run (its {@code edgeserve_batch_size_sum}); 0 for {@code /ping}
 * @param batches batches it has run (its {@code edgeserve_batch_size_count})
 */
record CostReading(long cpuNanos, long compilerNanos, long machineBusyNanos, long batchRows, long batches) {

    static final CostReading UNKNOWN = new CostReading(-1, -1, -1, -1, -1);

    /** What was spent from {@code before} to this reading. */
    CostReading since(CostReading before) {
        return new CostReading(minus(cpuNanos, before.cpuNanos), minus(compilerNanos, before.compilerNanos),
                minus(machineBusyNanos, before.machineBusyNanos), minus(batchRows, before.batchRows),
                minus(batches, before.batches));
    }

    private static long minus(long after, long before) {
        return after < 0 || before < 0 ? -1 : after - before;
    }
}
