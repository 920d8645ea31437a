package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.inference.format.MlpSymbol;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class Float16VariantTest {

    private static final String SYMBOL = new MlpSymbol(List.of(new MlpSymbol.FullyConnected("fc1", 3)), "softmax")
            .toJson();

    @Test
    void argParameters_roundToNearestEvenFloat16AsNumpyAstype() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 and goes to the even 1; 1 + 3 * 2^-11 goes up to 1 + 2^-9;
        // 65519 rounds down to float16's largest value, 65504; 1e-8 is below the smallest subnormal and becomes 0.
        float[] weights = {0.1f, 1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 65519f, -0f, 1e-8f};
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), weights));

        Tensor half = Float16Variant.derive(SYMBOL, params).params().get("arg:fc1_weight");

        assertThat(half.dataType()).isEqualTo(DataType.FLOAT16);
        assertThat(half.shape()).isEqualTo(Shape.of(3, 2));
        short[] bits = new short[6];
        half.data().asShortBuffer().get(bits);
        assertThat(bits).containsExactly((short) 0x2E66, (short) 0x3C00, (short) 0x3C02, (short) 0x7BFF,
                (short) 0x8000, (short) 0x0000);
    }

    @Test
    void auxParameters_stayFloat32_andTheOrderIsTheSource() {
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), new float[6]));
        params.put("aux:bn_moving_var", Tensor.ofFloats(Shape.of(2), 1e-6f, 3));

        Float16Variant variant = Float16Variant.derive(SYMBOL, params);

        assertThat(variant.params().keySet()).containsExactly("arg:fc1_weight", "arg:fc1_bias", "aux:bn_moving_var");
        assertThat(variant.params().get("aux:bn_moving_var")).isSameAs(params.get("aux:bn_moving_var"));
        assertThat(variant.params().get("arg:fc1_bias").dataType()).isEqualTo(DataType.FLOAT16);
    }

    @Test
    void graph_castsExactlyTheArgParameters() {
        Float16Variant variant = Float16Variant.derive(SYMBOL, params(Tensor.ofFloats(Shape.of(3, 2), new float[6])));

        JsonNode nodes = JsonMapper.builder().build().readTree(variant.symbolJson()).get("nodes");
        List<String> casts = nodes.valueStream().filter(node -> node.get("op").asString().equals("Cast"))
                .map(node -> node.get("name").asString()).toList();
        assertThat(casts).containsExactly("fc1_weight_fp32", "fc1_bias_fp32");
    }

    @Test
    void parameterBytes_areHalfTheFloat32Bytes() {
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), new float[6]));

        assertThat(Float16Variant.derive(SYMBOL, params).parameterBytes()).isEqualTo((6 + 3) * 2);
    }

    @Test
    void float16Parameters_areRefused_asAVariantAlready() {
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), new float[6]));
        params.put("arg:fc1_bias", params.get("arg:fc1_bias").cast(DataType.FLOAT16));

        assertThatThrownBy(() -> Float16Variant.derive(SYMBOL, params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'arg:fc1_bias' is float16").hasMessageContaining("float16 variant already");
    }

    @Test
    void float64AndIntegerParameters_areRefused() {
        for (DataType type : List.of(DataType.FLOAT64, DataType.INT64, DataType.UINT8)) {
            LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), new float[6]).cast(type));

            assertThatThrownBy(() -> Float16Variant.derive(SYMBOL, params))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only float32 models").hasMessageContaining("is " + type.numpyName());
        }
    }

    @Test
    void finiteValueBeyondFloat16_isRefusedRatherThanMadeInfinite() {
        // 65520 is the first value numpy's astype(float16) turns into infinity.
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), 1, 2, 3, 4, 5, -65520f));

        assertThatThrownBy(() -> Float16Variant.derive(SYMBOL, params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'arg:fc1_weight' holds -65520.0").hasMessageContaining("infinity");
    }

    @Test
    void infinityAndNaN_stayWhatTheyAre() {
        float[] weights = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0, 0, 0};
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), weights));

        Tensor half = Float16Variant.derive(SYMBOL, params).params().get("arg:fc1_weight");

        assertThat(half.toFloatArray()).containsExactly(weights);
    }

    @Test
    void noParameters_isRefused() {
        assertThatThrownBy(() -> Float16Variant.derive(SYMBOL, new LinkedHashMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parameters");
    }

    @Test
    void parameterTheGraphDoesNotDeclare_isRefused() {
        LinkedHashMap<String, Tensor> params = params(Tensor.ofFloats(Shape.of(3, 2), new float[6]));
        params.put("arg:fc9_weight", Tensor.ofFloats(Shape.of(1), 1));

        assertThatThrownBy(() -> Float16Variant.derive(SYMBOL, params))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc9_weight");
    }

    private static LinkedHashMap<String, Tensor> params(Tensor weight) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:fc1_weight", weight);
        params.put("arg:fc1_bias", Tensor.ofFloats(Shape.of(3), 0.5f, -1, 2));
        return params;
    }
}
