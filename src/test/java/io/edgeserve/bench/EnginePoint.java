package io.edgeserve.bench;

import java.util.Locale;

/**
 * One measured point of the in-process engine: a model run at one batch size by {@code workers} threads, each with
 * its own runner, under {@code ompThreads} OpenMP threads. Written as a tab-separated line, because each OpenMP
 * setting is measured in a JVM of its own and the lines are how its results come back.
 *
 * @param imagesPerSecond rows (examples) inferred per second by all workers together
 * @param p50BatchMillis the median time of one batch, on one worker
 * @param batches how many batches the figures rest on
 */
record EnginePoint(String model, int ompThreads, int workers, int batchSize, double imagesPerSecond,
        double p50BatchMillis, long batches) {

    String toLine() {
        return String.format(Locale.ROOT, "%s\t%d\t%d\t%d\t%.3f\t%.4f\t%d",
                model, ompThreads, workers, batchSize, imagesPerSecond, p50BatchMillis, batches);
    }

    static EnginePoint parse(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 7) {
            throw new IllegalArgumentException("not an engine result line: " + line);
        }
        return new EnginePoint(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                Integer.parseInt(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5]),
                Long.parseLong(fields[6]));
    }
}
