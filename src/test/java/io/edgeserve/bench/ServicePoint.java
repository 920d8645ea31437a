package io.edgeserve.bench;

import java.util.OptionalDouble;

/**
 * One wrk run against the service.
 *
 * @param mode "batched" (the defaults) or "unbatched" (max batch size 1)
 * @param target a model name, or {@link #PING}
 * @param media "npy" or "json"; "-" for {@code /ping}
 * @param costs what the service and the machine spent during the run
 */
record ServicePoint(String mode, String target, String media, int concurrency, LoadResult result, CostReading costs) {

    static final String PING = "/ping";

    ServicePoint(String mode, String target, String media, int concurrency, LoadResult result) {
        this(mode, target, media, concurrency, result, CostReading.UNKNOWN);
    }

    /** The service's CPU time per request answered in the run, in milliseconds; empty where unknown. */
    OptionalDouble cpuMillisPerRequest() {
        return perRequest(costs.cpuNanos());
    }

    /** The JIT compiler threads' share of the service's CPU during the run; empty where unknown. */
    OptionalDouble compilerShare() {
        return costs.compilerNanos() < 0 || costs.cpuNanos() <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) costs.compilerNanos() / costs.cpuNanos());
    }

    /** CPU the rest of the machine spent per request, the load generator's above all, in milliseconds. */
    OptionalDouble otherMachineMillisPerRequest() {
        return costs.machineBusyNanos() < 0 || costs.cpuNanos() < 0 ? OptionalDouble.empty()
                : perRequest(Math.max(0, costs.machineBusyNanos() - costs.cpuNanos()));
    }

    /** The rows of the model's batches during the run, on average; empty for {@code /ping} or where unknown. */
    OptionalDouble meanBatchRows() {
        return costs.batches() <= 0 || costs.batchRows() < 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) costs.batchRows() / costs.batches());
    }

    private OptionalDouble perRequest(long nanos) {
        return nanos < 0 || result.requests() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(nanos / 1e6 / result.requests());
    }
}
