package io.edgeserve.inference.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.mxnet.engine.MxNDArray;
import ai.djl.mxnet.jna.JnaUtils;
import ai.djl.mxnet.jna.MxnetLibrary;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MXNet 1.9.1 itself, through DJL, is the judge of what our writer writes and of what our reader reads. */
class MxnetEngineCompatibilityTest {

    private static final ai.djl.ndarray.types.DataType DJL_FLOAT16 = ai.djl.ndarray.types.DataType.FLOAT16;
    private static final MlpSymbol TINY = new MlpSymbol(
            List.of(new MlpSymbol.FullyConnected("fc1", 3), new MlpSymbol.Activation("relu1", "relu"),
                    new MlpSymbol.FullyConnected("fc2", 2)),
            "softmax");
    private static final float[] FC1_WEIGHT = {1, 0, 0, 1, -1, -1};
    private static final float[] FC1_BIAS = {0, 0.5f, 2};
    private static final float[] FC2_WEIGHT = {1, 0, -1, 0, 1, 1};
    private static final float[] FC2_BIAS = {0.25f, -0.25f};
    private static final float[][] ROWS = {{1, 2}, {-3, 0.5f}, {0, 0}};

    @Test
    void mxnetComputesWithTheFloat32ParamsAndSymbolWeWrite(@TempDir Path dir) throws Exception {
        TINY.write(dir.resolve("tiny-symbol.json"));
        MxnetParams.write(dir.resolve("tiny-0000.params"), tinyParams(DataType.FLOAT32));

        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optModelName("tiny").optEngine("MXNet")
                .optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
            NDArray input = manager.create(new float[] {1, 2, -3, 0.5f, 0, 0}, djlShape(3, 2));
            float[] output = predictor.predict(new NDList(input)).singletonOrThrow().toFloatArray();

            for (int row = 0; row < ROWS.length; row++) {
                float[] expected = expectedProbabilities(ROWS[row]);
                assertThat(output[2 * row]).as("row %d", row).isCloseTo(expected[0], within(1e-6f));
                assertThat(output[2 * row + 1]).as("row %d", row).isCloseTo(expected[1], within(1e-6f));
            }
        }
    }

    @Test
    void mxnetLoadsTheFloat16ParamsWeWrite(@TempDir Path dir) throws Exception {
        LinkedHashMap<String, Tensor> half = tinyParams(DataType.FLOAT16);
        TINY.write(dir.resolve("tiny-symbol.json"));
        MxnetParams.write(dir.resolve("tiny-0000.params"), half);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
            NDList loaded = manager.load(dir.resolve("tiny-0000.params"));
            assertThat(loaded).hasSize(half.size());
            int i = 0;
            for (Map.Entry<String, Tensor> entry : half.entrySet()) {
                NDArray array = loaded.get(i++);
                assertThat(array.getName()).isEqualTo(entry.getKey());
                assertThat(array.getDataType()).isEqualTo(DJL_FLOAT16);
                assertThat(array.getShape().getShape()).isEqualTo(entry.getValue().shape().dims());
                assertThat(array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray())
                        .containsExactly(entry.getValue().toFloatArray());
            }
        }
        // The whole checkpoint loads too; computing with it needs float32 (MXNet's CPU has no float16 gemm).
        try (Model model = Model.newInstance("tiny", Device.cpu(), "MXNet")) {
            model.load(dir, "tiny");
            assertThat(model.getDataType()).isEqualTo(DJL_FLOAT16);
        }
    }

    @Test
    void weReadWhatMxnetWritesAndWriteItAsMxnetDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("saved-by-mxnet.params");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
            NDArray weight = manager.create(new float[] {1.5f, -2, 3e-8f, 4e9f, 0, -0f}, djlShape(2, 3));
            NDArray half = manager.create(new float[] {0.1f, 65504}).toType(DJL_FLOAT16, false);
            NDArray steps = manager.create(new long[] {Long.MAX_VALUE, -1, 7});
            mxnetSave(file, List.of("arg:w", "arg:h", "aux:steps"), weight, half, steps);
        }

        LinkedHashMap<String, Tensor> params = MxnetParams.read(file);

        assertThat(params.keySet()).containsExactly("arg:w", "arg:h", "aux:steps");
        assertThat(params.get("arg:w").toFloatArray()).containsExactly(1.5f, -2, 3e-8f, 4e9f, 0, -0f);
        assertThat(params.get("arg:h").dataType()).isEqualTo(DataType.FLOAT16);
        assertThat(params.get("arg:h").toFloatArray()).containsExactly(0.099975586f, 65504);
        assertThat(params.get("aux:steps").getDouble(0)).isEqualTo((double) Long.MAX_VALUE);
        assertThat(params.get("aux:steps").shape()).isEqualTo(Shape.of(3));
        assertSameApartFromVersionMagic(MxnetParams.encode(params), Files.readAllBytes(file), params.size());
    }

    /**
     * DJL runs MXNet in NumPy mode, where MXNet stamps each array V3 (0xF993FACA) instead of our V2
     * (0xF993FAC9); the two encodings are otherwise the same, so exactly one byte per array may differ.
     */
    private static void assertSameApartFromVersionMagic(byte[] ours, byte[] mxnets, int arrays) {
        assertThat(ours).hasSameSizeAs(mxnets);
        int differences = 0;
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] != mxnets[i]) {
                differences++;
                assertThat(ByteBuffer.wrap(mxnets, i, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
                        .as("MXNet's bytes at %d", i).isEqualTo(MxnetParams.V3_MAGIC);
                assertThat(ByteBuffer.wrap(ours, i, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
                        .as("our bytes at %d", i).isEqualTo(MxnetParams.V2_MAGIC);
            }
        }
        assertThat(differences).isEqualTo(arrays);
    }

    // DJL 0.36 exposes no MXNDArraySave, so the test calls MXNet's C API through DJL's own (non-public) JNA binding.
    private static void mxnetSave(Path file, List<String> keys, NDArray... arrays) throws ReflectiveOperationException {
        Field field = JnaUtils.class.getDeclaredField("LIB");
        field.setAccessible(true);
        MxnetLibrary lib = (MxnetLibrary) field.get(null);
        Pointer[] handles = new Pointer[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            handles[i] = ((MxNDArray) arrays[i]).getHandle();
        }
        Class<?> pointerArray = Class.forName("ai.djl.mxnet.jna.PointerArray");
        Method of = pointerArray.getMethod("of", Pointer[].class);
        of.setAccessible(true);
        Object handleArray = of.invoke(null, (Object) handles);
        Method save = MxnetLibrary.class.getMethod("MXNDArraySave", String.class, int.class, pointerArray,
                String[].class);
        int status = (int) save.invoke(lib, file.toString(), arrays.length, handleArray, keys.toArray(String[]::new));
        assertThat(status).as("MXNDArraySave: %s", lib.MXGetLastError()).isZero();
    }

    // DJL and edgeserve both name their shape and type classes Shape and DataType.
    private static ai.djl.ndarray.types.Shape djlShape(long... dims) {
        return new ai.djl.ndarray.types.Shape(dims);
    }

    private static LinkedHashMap<String, Tensor> tinyParams(DataType type) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:fc1_weight", Tensor.ofFloats(Shape.of(3, 2), FC1_WEIGHT).cast(type));
        params.put("arg:fc1_bias", Tensor.ofFloats(Shape.of(3), FC1_BIAS).cast(type));
        params.put("arg:fc2_weight", Tensor.ofFloats(Shape.of(2, 3), FC2_WEIGHT).cast(type));
        params.put("arg:fc2_bias", Tensor.ofFloats(Shape.of(2), FC2_BIAS).cast(type));
        return params;
    }

    private static float[] expectedProbabilities(float[] row) {
        double[] hidden = new double[3];
        for (int j = 0; j < 3; j++) {
            hidden[j] = Math.max(0, FC1_WEIGHT[2 * j] * row[0] + FC1_WEIGHT[2 * j + 1] * row[1] + FC1_BIAS[j]);
        }
        double[] logits = new double[2];
        for (int k = 0; k < 2; k++) {
            logits[k] = FC2_BIAS[k];
            for (int j = 0; j < 3; j++) {
                logits[k] += FC2_WEIGHT[3 * k + j] * hidden[j];
            }
        }
        double max = Math.max(logits[0], logits[1]);
        double sum = Math.exp(logits[0] - max) + Math.exp(logits[1] - max);
        return new float[] {(float) (Math.exp(logits[0] - max) / sum), (float) (Math.exp(logits[1] - max) / sum)};
    }
}
