package io.edgeserve.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The measurements of one run and the figures the issue asks for, derived from them. The engine's figures that
 * the service is compared with are those of the service's own configuration: one OpenMP thread (the
 * {@code serve} script's default) and the service's number of workers.
 */
record BenchResults(List<EnginePoint> engine, List<ServicePoint> service, int workers, List<DecodePoint> decoding) {

    static final int SERVICE_OMP_THREADS = 1;

    /** Results without pictures: no model took any, or decoding was not measured. */
    BenchResults(List<EnginePoint> engine, List<ServicePoint> service, int workers) {
        this(engine, service, workers, List.of());
    }

    /** The decode-and-preprocess figures of one model's pictures, in the order they were measured. */
    List<DecodePoint> decoding(String model) {
        return decoding.stream().filter(point -> point.model().equals(model)).toList();
    }

    Optional<EnginePoint> engine(String model, int ompThreads, int workerThreads, int batchSize) {
        return engine.stream()
                .filter(p -> p.model().equals(model) && p.ompThreads() == ompThreads && p.workers() == workerThreads
                        && p.batchSize() == batchSize)
                .findFirst();
    }

    /** The best point over batch sizes for one threading configuration. */
    Optional<EnginePoint> engineBest(String model, int ompThreads, int workerThreads) {
        return engine.stream()
                .filter(p -> p.model().equals(model) && p.ompThreads() == ompThreads && p.workers() == workerThreads)
                .max(Comparator.comparingDouble(EnginePoint::imagesPerSecond));
    }

    /** The engine limit: the best images/s over batch sizes, with the service's workers and OpenMP threads. */
    Optional<EnginePoint> engineLimit(String model) {
        return engineBest(model, SERVICE_OMP_THREADS, workers);
    }

    /** The median time of a batch of one on one worker: the least a request at concurrency 1 can take. */
    OptionalDouble engineBatch1Millis(String model) {
        return toDouble(engine(model, SERVICE_OMP_THREADS, 1, 1).map(EnginePoint::p50BatchMillis));
    }

    /** The engine's own batch gain: its limit over its throughput at batch 1, both with the service's workers. */
    OptionalDouble engineGain(String model) {
        Optional<EnginePoint> batch1 = engine(model, SERVICE_OMP_THREADS, workers, 1);
        Optional<EnginePoint> best = engineLimit(model);
        if (batch1.isEmpty() || best.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(best.get().imagesPerSecond() / batch1.get().imagesPerSecond());
    }

    Optional<LoadResult> service(String mode, String target, String media, int concurrency) {
        return service.stream()
                .filter(p -> p.mode().equals(mode) && p.target().equals(target) && p.media().equals(media)
                        && p.concurrency() == concurrency)
                .map(ServicePoint::result)
                .findFirst();
    }

    /** The service's CPU time per answered request in one run, in milliseconds. */
    OptionalDouble cpuMillisPerRequest(String mode, String target, String media, int concurrency) {
        return service.stream()
                .filter(p -> p.mode().equals(mode) && p.target().equals(target) && p.media().equals(media)
                        && p.concurrency() == concurrency && !p.result().failed())
                .map(ServicePoint::cpuMillisPerRequest)
                .filter(OptionalDouble::isPresent)
                .findFirst().orElse(OptionalDouble.empty());
    }

    /**
     * The engine's CPU time per example at a batch size, in milliseconds, with one worker and one OpenMP thread: the
     * worker thread's own CPU time where measured, else its time per example (one busy core).
     */
    OptionalDouble engineCpuMillisPerExample(String model, int batchSize) {
        return toDouble(engine(model, SERVICE_OMP_THREADS, 1, batchSize).map(BenchResults::cpuPerExample));
    }

    /** The least of it over batch sizes: what a batched service pays per example at best. */
    OptionalDouble engineBestCpuMillisPerExample(String model) {
        return toDouble(engine.stream()
                .filter(p -> p.model().equals(model) && p.ompThreads() == SERVICE_OMP_THREADS && p.workers() == 1)
                .map(BenchResults::cpuPerExample).min(Comparator.naturalOrder()));
    }

    /**
     * The engine's CPU per example at a mean batch of {@code rows}, which need not be a size it measured: a batch
     * costs a fixed part per call and a part per example, so the cost per example is linear in 1/rows between the
     * two measured sizes around it (and the nearest measured size's outside them).
     */
    OptionalDouble engineCpuMillisPerExampleAt(String model, double rows) {
        List<EnginePoint> measured = engine.stream()
                .filter(p -> p.model().equals(model) && p.ompThreads() == SERVICE_OMP_THREADS && p.workers() == 1)
                .sorted(Comparator.comparingInt(EnginePoint::batchSize)).toList();
        if (measured.isEmpty() || !(rows > 0)) {
            return OptionalDouble.empty();
        }
        if (rows <= measured.getFirst().batchSize()) {
            return OptionalDouble.of(cpuPerExample(measured.getFirst()));
        }
        for (int i = 1; i < measured.size(); i++) {
            EnginePoint below = measured.get(i - 1);
            EnginePoint above = measured.get(i);
            if (rows <= above.batchSize()) {
                double t = (1 / rows - 1.0 / below.batchSize()) / (1.0 / above.batchSize() - 1.0 / below.batchSize());
                return OptionalDouble.of(cpuPerExample(below) + t * (cpuPerExample(above) - cpuPerExample(below)));
            }
        }
        return OptionalDouble.of(cpuPerExample(measured.getLast()));
    }

    /** The batched run of a model at one concurrency, failed runs left out. */
    Optional<ServicePoint> batchedPoint(String target, String media, int concurrency) {
        return service.stream()
                .filter(p -> p.mode().equals("batched") && p.target().equals(target) && p.media().equals(media)
                        && p.concurrency() == concurrency && !p.result().failed())
                .findFirst();
    }

    private static double cpuPerExample(EnginePoint point) {
        return point.cpuMillisPerExample() >= 0 ? point.cpuMillisPerExample() : 1000.0 / point.imagesPerSecond();
    }

    /** The best throughput of a target over the concurrencies measured, failed runs left out. */
    Optional<LoadResult> serviceBest(String mode, String target, String media) {
        return service.stream()
                .filter(p -> p.mode().equals(mode) && p.target().equals(target) && p.media().equals(media))
                .map(ServicePoint::result)
                .filter(result -> !result.failed())
                .max(Comparator.comparingDouble(LoadResult::requestsPerSecond));
    }

    /** Batched service throughput over the engine limit. */
    OptionalDouble serviceOverEngine(String model, String media, int concurrency) {
        Optional<LoadResult> batched = service("batched", model, media, concurrency);
        Optional<EnginePoint> limit = engineLimit(model);
        if (batched.isEmpty() || limit.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(batched.get().requestsPerSecond() / limit.get().imagesPerSecond());
    }

    /** The service's own batch gain: batched over unbatched throughput at one concurrency. */
    OptionalDouble batchedOverUnbatched(String model, String media, int concurrency) {
        Optional<LoadResult> batched = service("batched", model, media, concurrency);
        Optional<LoadResult> unbatched = service("unbatched", model, media, concurrency);
        if (batched.isEmpty() || unbatched.isEmpty() || unbatched.get().requestsPerSecond() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(batched.get().requestsPerSecond() / unbatched.get().requestsPerSecond());
    }

    /** What HTTP, codecs and batching add to a lone request: p50 at concurrency 1 less the engine's batch of one. */
    OptionalDouble overheadAtConcurrency1Millis(String mode, String model, String media) {
        Optional<LoadResult> lone = service(mode, model, media, 1);
        OptionalDouble engineMillis = engineBatch1Millis(model);
        if (lone.isEmpty() || engineMillis.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(lone.get().p50Millis() - engineMillis.getAsDouble());
    }

    /**
     * The service's CPU per request beyond the engine's best CPU per example, in units of {@code /ping}'s CPU per
     * request at the same concurrency, batching on: what is not the model, measured against the HTTP floor.
     */
    OptionalDouble cpuBeyondEngineOverPing(String model, String media, int concurrency) {
        OptionalDouble cpu = cpuMillisPerRequest("batched", model, media, concurrency);
        OptionalDouble engineCpu = engineBestCpuMillisPerExample(model);
        OptionalDouble ping = cpuMillisPerRequest("batched", ServicePoint.PING, "-", concurrency);
        if (cpu.isEmpty() || engineCpu.isEmpty() || ping.isEmpty() || ping.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((cpu.getAsDouble() - engineCpu.getAsDouble()) / ping.getAsDouble());
    }

    /** A model's throughput over {@code /ping}'s at the same concurrency, both batched. */
    OptionalDouble overPingAt(String model, String media, int concurrency) {
        Optional<LoadResult> served = service("batched", model, media, concurrency);
        Optional<LoadResult> ping = service("batched", ServicePoint.PING, "-", concurrency);
        if (served.isEmpty() || ping.isEmpty() || ping.get().requestsPerSecond() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(served.get().requestsPerSecond() / ping.get().requestsPerSecond());
    }

    /** A model's best throughput over the best {@code /ping} throughput, both batched. */
    OptionalDouble overPing(String model, String media) {
        Optional<LoadResult> model1 = serviceBest("batched", model, media);
        Optional<LoadResult> ping = serviceBest("batched", ServicePoint.PING, "-");
        if (model1.isEmpty() || ping.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(model1.get().requestsPerSecond() / ping.get().requestsPerSecond());
    }

    List<ServicePoint> failedRuns() {
        return service.stream().filter(p -> p.result().failed()).toList();
    }

    private static OptionalDouble toDouble(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
}
