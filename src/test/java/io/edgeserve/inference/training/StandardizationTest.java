package io.edgeserve.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizationTest {

    @Test
    void fit_givesZeroMeanUnitVariance() {
        float[][] rows = {{1, 10}, {3, 10.5f}, {5, 12.5f}};
        Standardization standardization = Standardization.fit(rows);

        float[][] scaled = standardization.apply(rows);

        assertThat(scaled[0][0] + scaled[1][0] + scaled[2][0]).isCloseTo(0, within(1e-6f));
        assertThat(scaled[0][1] * scaled[0][1] + scaled[1][1] * scaled[1][1] + scaled[2][1] * scaled[2][1])
                .isCloseTo(3, within(1e-5f));
    }

    @Test
    void foldedLayerOnRawRows_equalsLayerOnStandardisedRows() {
        Random random = new Random(3);
        float[][] rows = new float[20][4];
        for (float[] row : rows) {
            for (int k = 0; k < 4; k++) {
                row[k] = 5 * random.nextFloat() + k;
            }
        }
        float[] weight = new float[16 * 4];
        float[] bias = new float[16];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian();
        }
        for (int j = 0; j < bias.length; j++) {
            bias[j] = (float) random.nextGaussian();
        }
        Standardization standardization = Standardization.fit(rows);

        Standardization.FoldedLayer folded = standardization.foldInto(weight, bias);

        float[][] scaled = standardization.apply(rows);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 16; j++) {
                assertThat(dot(folded.weight(), j, rows[i]) + folded.bias()[j])
                        .isCloseTo(dot(weight, j, scaled[i]) + bias[j], within(1e-4));
            }
        }
    }

    private static double dot(float[] weight, int output, float[] row) {
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            sum += weight[output * row.length + k] * row[k];
        }
        return sum;
    }
}
