package io.edgeserve.inference.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PrecisionAgreementTest {

    private static final Tensor REFERENCE = Tensor.ofFloats(Shape.of(3, 3), 1, 2, 3, 0.5f, 0.25f, 0, -1, -2, -3);

    @Test
    void identicalOutputs_agreeEverywhere() {
        PrecisionAgreement agreement = PrecisionAgreement.compare(REFERENCE, REFERENCE);

        assertThat(agreement).isEqualTo(new PrecisionAgreement(3, 0, 0, 3));
        assertThat(agreement.top1AgreementRate()).isEqualTo(1.0);
    }

    @Test
    void differences_giveMaxMeanAndTheRowsWhoseTop1Moved() {
        // row 0 keeps its top-1 (index 2); row 1 moves from index 0 to 1; row 2 keeps index 0.
        Tensor candidate = Tensor.ofFloats(Shape.of(3, 3), 1, 2, 3.5f, 0.5f, 0.75f, 0, -1, -2, -3.25f);

        PrecisionAgreement agreement = PrecisionAgreement.compare(REFERENCE, candidate);

        assertThat(agreement.rows()).isEqualTo(3);
        assertThat(agreement.maxAbsDifference()).isEqualTo(0.5);
        assertThat(agreement.meanAbsDifference()).isCloseTo(1.25 / 9, within(1e-12));
        assertThat(agreement.top1Agreements()).isEqualTo(2);
        assertThat(agreement.toString()).isEqualTo("top-1 agreement 2/3, max |diff| 0.500, mean |diff| 0.139");
    }

    @Test
    void everyOutput_isCompared_notOnlyTheFirst() {
        Tensor boxes = Tensor.ofFloats(Shape.of(3, 2), 0, 1, 1, 0, 0, 1);
        Tensor movedBoxes = Tensor.ofFloats(Shape.of(3, 2), 0, 1, 1, 0, 2, 1);

        PrecisionAgreement agreement = PrecisionAgreement.compareAll(java.util.List.of(REFERENCE, boxes),
                java.util.List.of(REFERENCE, movedBoxes));

        assertThat(agreement.rows()).isEqualTo(3);
        assertThat(agreement.maxAbsDifference()).isEqualTo(2);
        assertThat(agreement.meanAbsDifference()).isCloseTo(2.0 / 15, within(1e-12));
        // Row 2 keeps its top-1 in the first output but not in the second.
        assertThat(agreement.top1Agreements()).isEqualTo(2);
    }

    @Test
    void differentNumbersOfOutputs_areRefused() {
        assertThatThrownBy(() -> PrecisionAgreement.compareAll(java.util.List.of(REFERENCE), java.util.List.of(REFERENCE, REFERENCE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void float16Output_isComparedWithTheFloat32One() {
        Tensor half = REFERENCE.cast(DataType.FLOAT16);

        PrecisionAgreement agreement = PrecisionAgreement.compare(REFERENCE, half);

        assertThat(agreement.top1Agreements()).isEqualTo(3);
        assertThat(agreement.maxAbsDifference()).isZero();
    }

    @Test
    void nan_makesTheDifferencesNaN() {
        Tensor candidate = Tensor.ofFloats(Shape.of(3, 3), Float.NaN, 2, 3, 0.5f, 0.25f, 0, -1, -2, -3);

        PrecisionAgreement agreement = PrecisionAgreement.compare(REFERENCE, candidate);

        assertThat(agreement.maxAbsDifference()).isNaN();
        assertThat(agreement.meanAbsDifference()).isNaN();
    }

    @Test
    void tiedMaximum_isTheFirst() {
        Tensor tied = Tensor.ofFloats(Shape.of(1, 3), 5, 5, 1);
        Tensor second = Tensor.ofFloats(Shape.of(1, 3), 5, 5.5f, 1);

        assertThat(PrecisionAgreement.compare(tied, second).top1Agreements()).isZero();
        assertThat(PrecisionAgreement.compare(tied, tied).top1Agreements()).isEqualTo(1);
    }

    @Test
    void measure_runsTheProbeThroughBoth() {
        Tensor probe = Tensor.ofFloats(Shape.of(2, 2), 1, 2, 3, 4);

        PrecisionAgreement agreement = PrecisionAgreement.measure(probe, input -> input,
                input -> Tensor.ofFloats(input.shape(), 1, 2, 3.125f, 4));

        assertThat(agreement).isEqualTo(new PrecisionAgreement(2, 0.125, 0.03125, 2));
    }

    @Test
    void differentShapes_areRefused() {
        assertThatThrownBy(() -> PrecisionAgreement.compare(REFERENCE, REFERENCE.reshape(Shape.of(9))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3, 3)").hasMessageContaining("(9,)");
        assertThatThrownBy(() -> PrecisionAgreement.compare(Tensor.ofFloats(Shape.of(), 1), Tensor.ofFloats(Shape.of(), 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar");
    }
}
