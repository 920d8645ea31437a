package io.edgeserve.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured point of the in-process engine: a model run at one batch size by {@code workers} threads, each with
 * its own runner, under {@code ompThreads} OpenMP threads. Written as a tab-separated line, because each OpenMP
 * setting is measured in a JVM of its own and the lines are how its results come back.
 *
 * @param imagesPerSecond rows (examples) inferred per second by all workers together
 * @param p50BatchMillis the median time of one batch, on one worker
 * @param batches how many batches the figures rest on
 * @param cpuMillisPerExample the workers' own CPU time per example (the engine runs on the calling thread with
 *                            one OpenMP thread), unlike wall time unmoved by other work on the machine; -1 where
 *                            unknown
 */
record EnginePoint(String model, int ompThreads, int workers, int batchSize, double imagesPerSecond,
        double p50BatchMillis, long batches, double cpuMillisPerExample) {

    EnginePoint(String model, int ompThreads, int workers, int batchSize, double imagesPerSecond,
            double p50BatchMillis, long batches) {
        this(model, ompThreads, workers, batchSize, imagesPerSecond, p50BatchMillis, batches, -1);
    }

    String toLine() {
        return String.format(Locale.ROOT, "%s\t%d\t%d\t%d\t%.3f\t%.4f\t%d\t%.5f",
                model, ompThreads, workers, batchSize, imagesPerSecond, p50BatchMillis, batches, cpuMillisPerExample);
    }

    /**
     * Merges repeated measurements of the same point, keeping of each figure the least disturbed: the highest
     * throughput and the lowest median time. On a machine shared with other work, that is the closest to what the
     * engine can do alone.
     */
    static List<EnginePoint> bestOfRounds(List<EnginePoint> points) {
        Map<List<Object>, EnginePoint> best = new LinkedHashMap<>();
        for (EnginePoint point : points) {
            best.merge(List.of(point.model, point.ompThreads, point.workers, point.batchSize), point, (a, b) ->
                    new EnginePoint(a.model, a.ompThreads, a.workers, a.batchSize,
                            Math.max(a.imagesPerSecond, b.imagesPerSecond),
                            Math.min(a.p50BatchMillis, b.p50BatchMillis), a.batches + b.batches,
                            a.cpuMillisPerExample < 0 ? b.cpuMillisPerExample : b.cpuMillisPerExample < 0
                                    ? a.cpuMillisPerExample : Math.min(a.cpuMillisPerExample, b.cpuMillisPerExample)));
        }
        return new ArrayList<>(best.values());
    }

    static EnginePoint parse(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 7 && fields.length != 8) {
            throw new IllegalArgumentException("not an engine result line: " + line);
        }
        return new EnginePoint(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                Integer.parseInt(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5]),
                Long.parseLong(fields[6]), fields.length == 8 ? Double.parseDouble(fields[7]) : -1);
    }
}
