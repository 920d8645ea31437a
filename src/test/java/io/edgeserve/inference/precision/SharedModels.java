package io.edgeserve.inference.precision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real models and sample images in {@code ../shared}, which tests use where that folder exists. */
final class SharedModels {

    static final Path MODELS = Path.of("..", "shared", "models");
    static final Path CIFAR_SAMPLES = Path.of("..", "shared", "data", "cifar10-samples");

    private SharedModels() {}

    /** The folder of one shared model; skips the calling test where it is absent. */
    static Path folder(String name) {
        Path dir = MODELS.resolve(name);
        assumeTrue(Files.isDirectory(dir), "the shared model folder " + dir.toAbsolutePath() + " is absent");
        return dir;
    }

    static Path cifarSamples() {
        assumeTrue(Files.isDirectory(CIFAR_SAMPLES),
                "the shared CIFAR-10 tiles " + CIFAR_SAMPLES.toAbsolutePath() + " are absent");
        return CIFAR_SAMPLES;
    }
}
