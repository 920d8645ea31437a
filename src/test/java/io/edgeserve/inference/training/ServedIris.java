package io.edgeserve.inference.training;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Path;
import java.util.Arrays;

/** An Iris folder loaded the way edgeserve serves MXNet models: symbol + params through DJL's MXNet engine. */
final class ServedIris {

    private ServedIris() {}

    /** Softmax probabilities per species for each row of raw centimetres. */
    static float[][] probabilities(Path dir, float[][] rows) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optModelName(IrisModelFolder.PREFIX).optEngine("MXNet")
                .optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
            // softmax_label is left out: DJL fills it in, as it will for clients.
            float[] flat = predictor.predict(new NDList(manager.create(rows))).singletonOrThrow().toFloatArray();
            int classes = IrisDataset.SPECIES.size();
            float[][] out = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return out;
        }
    }

    static double accuracy(float[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += TrainedIris.argmax(probabilities[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}
