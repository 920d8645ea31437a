package io.edgeserve.inference.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the bundled Iris classifier with DJL on MXNet and exports it to {@code models/iris/}. Its rule: the
 * same seed gives the same model, so every source of randomness (MXNet's initialiser, the split, the batch order)
 * is seeded here and nothing reads the clock.
 *
 * <p>It lives in the test sources, out of the served jar. Run it from the project root with
 * {@code ./mvnw -B -q test-compile exec:exec@train-iris} (the pom's execution of that name).
 */
public final class IrisTrainer {

    public static final int HIDDEN_UNITS = 16;
    public static final int SEED = 1936;
    /** 10 of each species held out: the 120/30 split the committed model was measured on. */
    public static final int TEST_PER_SPECIES = 10;

    private final int seed;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;

    public IrisTrainer() {
        this(SEED, 60, 16, 0.02f);
    }

    public IrisTrainer(int seed, int epochs, int batchSize, float learningRate) {
        this.seed = seed;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
    }

    /** Trains on {@code train}; the caller closes the result, which owns native memory. */
    public TrainedIris train(IrisDataset train) {
        Engine.getEngine("MXNet").setRandomSeed(seed);
        Standardization standardization = Standardization.fit(train.features());
        float[][] features = standardization.apply(train.features());

        Model model = Model.newInstance("iris", Device.cpu(), "MXNet");
        model.setBlock(new SequentialBlock()
                .add(Linear.builder().setUnits(HIDDEN_UNITS).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(IrisDataset.SPECIES.size()).build()));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(batchSize, IrisDataset.FEATURES));
            List<Integer> order = new ArrayList<>();
            for (int row = 0; row < features.length; row++) {
                order.add(row);
            }
            Random shuffler = new Random(seed);
            for (int epoch = 0; epoch < epochs; epoch++) {
                Collections.shuffle(order, shuffler);
                for (int start = 0; start < order.size(); start += batchSize) {
                    List<Integer> batch = order.subList(start, Math.min(start + batchSize, order.size()));
                    step(trainer, features, train.labels(), batch);
                }
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new TrainedIris(model, standardization);
    }

    private static void step(Trainer trainer, float[][] features, int[] labels, List<Integer> rows) {
        float[][] batch = new float[rows.size()][];
        float[] batchLabels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            batch[i] = features[rows.get(i)];
            batchLabels[i] = labels[rows.get(i)];
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray input = manager.create(batch);
            NDArray target = manager.create(batchLabels);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(input));
                collector.backward(trainer.getLoss().evaluate(new NDList(target), prediction));
            }
            trainer.step();
        }
    }

    /** Trains on the fixed split and writes {@code models/iris/} (or the folder given) from the project root. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "models/iris");
        IrisDataset all = IrisDataset.load();
        IrisDataset.Split split = all.stratifiedSplit(TEST_PER_SPECIES, SEED);
        try (TrainedIris trained = new IrisTrainer().train(split.train())) {
            IrisModelFolder.write(out, trained.exportParams());
            System.out.printf(Locale.ROOT, "wrote %s%ntest accuracy %.4f (%d rows), all rows %.4f (%d rows)%n",
                    out.toAbsolutePath(), trained.accuracy(split.test()), split.test().size(), trained.accuracy(all),
                    all.size());
            float[][] samples = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.7f, 3.1f, 4.7f, 1.5f}, {6.3f, 3.3f, 6.0f, 2.5f}};
            float[][] probabilities = trained.probabilities(samples);
            for (int i = 0; i < samples.length; i++) {
                System.out.printf(Locale.ROOT, "%s -> %s %s%n", Arrays.toString(samples[i]),
                        IrisDataset.SPECIES.get(TrainedIris.argmax(probabilities[i])),
                        Arrays.toString(probabilities[i]));
            }
        }
    }
}
