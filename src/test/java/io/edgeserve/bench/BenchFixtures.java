package io.edgeserve.bench;

/** Made-up measurements, round enough that the expected ratios can be worked out by hand. */
final class BenchFixtures {

    static final String RESNET = "cifar-resnet20-v1";
    static final String LINREG = "sagemaker-linreg";

    private BenchFixtures() {}

    static EnginePoint engine(String model, int omp, int workers, int batch, double imagesPerSecond, double p50Millis) {
        return new EnginePoint(model, omp, workers, batch, imagesPerSecond, p50Millis, 100);
    }

    static ServicePoint service(String mode, String target, String media, int concurrency, double requestsPerSecond,
            double p50Millis) {
        return new ServicePoint(mode, target, media, concurrency, load(requestsPerSecond, p50Millis, 0));
    }

    static ServicePoint failing(String mode, String target, String media, int concurrency, double requestsPerSecond,
            long non200) {
        return new ServicePoint(mode, target, media, concurrency, load(requestsPerSecond, 1, non200));
    }

    /** Ten seconds of load at the given rate. */
    static LoadResult load(double requestsPerSecond, double p50Millis, long non200) {
        long p50Micros = Math.round(p50Millis * 1000);
        return new LoadResult(Math.round(requestsPerSecond * 10), 10_000_000, p50Micros, 4 * p50Micros, p50Micros,
                non200, 0, 0);
    }
}
