package io.edgeserve.bench;

/**
 * One wrk run against the service.
 *
 * @param mode "batched" (the defaults) or "unbatched" (max batch size 1)
 * @param target a model name, or {@link #PING}
 * @param media "npy" or "json"; "-" for {@code /ping}
 * @param cpuNanos the service process's CPU time (user and system, every thread) during the run; -1 where unknown
 */
record ServicePoint(String mode, String target, String media, int concurrency, LoadResult result, long cpuNanos) {

    static final String PING = "/ping";

    ServicePoint(String mode, String target, String media, int concurrency, LoadResult result) {
        this(mode, target, media, concurrency, result, -1);
    }

    /** The service's CPU time per request answered in the run, in milliseconds; empty where unknown. */
    java.util.OptionalDouble cpuMillisPerRequest() {
        return cpuNanos < 0 || result.requests() == 0 ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(cpuNanos / 1e6 / result.requests());
    }
}
