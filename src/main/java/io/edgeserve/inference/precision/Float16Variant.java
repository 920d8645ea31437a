package io.edgeserve.inference.precision;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Tensor;
import java.nio.ShortBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The float16 variant of a float32 MXNet model, in memory: a symbol graph and its params, ready to be written as a
 * checkpoint or handed to the engine. Its rule: weights are stored in float16 (half the bytes on disk and in
 * memory) and computed in float32, because MXNet 1.9.1 on the CPU has no float16 matrix multiply or convolution;
 * each float16 parameter therefore reaches its consumers through a {@code Cast} to float32 in the graph.
 *
 * <p>Auxiliary states ({@code aux:} keys, BatchNorm's moving mean and variance) stay float32, with no cast. MXNet
 * 1.9.1 does accept a cast in front of them for inference (tried on cifar_resnet20_v1: it loads and scores 98/100, as
 * float32 does), but the cast turns them into ordinary arguments: the graph then lists no auxiliary states, and its
 * checkpoint's {@code aux:} keys contradict it, which a loader that matches the two lists may refuse. float16 would
 * also keep a small variance only as a subnormal (cifar_resnet56_v1 has one of 4.5e-5), and they are about 0.5% of a
 * ResNet's bytes.
 *
 * <p>Where a GPU is present the same weights could be computed in float16 outright: no casts, the data cast to
 * float16 at the input, and BatchNorm's four parameters kept float32, as Gluon's {@code cast('float16')} keeps them
 * (MXNet's BatchNorm takes float32 parameters with float16 data). edgeserve runs on CPUs only, so this variant does
 * not offer that.
 *
 * @param symbolJson the rewritten {@code PREFIX-symbol.json}
 * @param params the params in the source's order, keyed {@code arg:NAME}/{@code aux:NAME} as in a checkpoint
 */
public record Float16Variant(String symbolJson, SequencedMap<String, Tensor> params) {

    private static final String ARG = "arg:";
    private static final int FLOAT16_INFINITY = 0x7C00;

    public Float16Variant {
        params = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(params));
    }

    /**
     * Casts every {@code arg:} parameter to float16 (rounding to nearest even, as NumPy's {@code astype} does) and
     * inserts the casts into the graph.
     *
     * @param symbolJson the float32 model's {@code PREFIX-symbol.json}
     * @param float32Params its params, keyed as a checkpoint keys them
     * @throws IllegalArgumentException if a parameter is not float32 (a float16 model cannot be halved again, and
     *     integer parameters must not be rounded), holds a finite value float16 cannot (it would become infinite),
     *     or the graph does not declare a parameter
     */
    public static Float16Variant derive(String symbolJson, SequencedMap<String, Tensor> float32Params) {
        requireFloat32(float32Params);
        SequencedMap<String, Tensor> params = new LinkedHashMap<>();
        Set<String> cast = new LinkedHashSet<>();
        float32Params.forEach((key, tensor) -> {
            if (key.startsWith(ARG)) {
                cast.add(key.substring(ARG.length()));
                params.put(key, toFloat16(key, tensor));
            } else {
                params.put(key, tensor);
            }
        });
        return new Float16Variant(ParameterCasts.insert(symbolJson, cast), params);
    }

    /** Bytes of parameter data, headers and keys aside. */
    public long parameterBytes() {
        return params.values().stream().mapToLong(Tensor::byteSize).sum();
    }

    private static Tensor toFloat16(String key, Tensor float32) {
        Tensor float16 = float32.cast(DataType.FLOAT16);
        ShortBuffer bits = float16.data().asShortBuffer();
        for (int i = 0; i < bits.limit(); i++) {
            double value = float32.getDouble(i);
            if ((bits.get(i) & 0x7FFF) == FLOAT16_INFINITY && !Double.isInfinite(value)) {
                throw new IllegalArgumentException("parameter '" + key + "' holds " + value + ", beyond float16's "
                        + "largest value 65504: its float16 variant would hold infinity");
            }
        }
        return float16;
    }

    private static void requireFloat32(Map<String, Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("the model has no parameters to store in float16");
        }
        params.forEach((key, tensor) -> {
            if (tensor.dataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("only float32 models have a float16 variant, but parameter '"
                        + key + "' is " + tensor.dataType().numpyName()
                        + (tensor.dataType() == DataType.FLOAT16 ? " (is this a float16 variant already?)" : ""));
            }
        });
    }
}
