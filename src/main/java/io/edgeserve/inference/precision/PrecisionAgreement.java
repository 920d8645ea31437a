package io.edgeserve.inference.precision;

import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How closely a lower-precision variant of a model answers like the reference on the same probe batch: the largest
 * and the mean absolute difference over every output value, and on how many rows both pick the same top-1 (the
 * argmax of the row). Its rule: a NaN on either side makes both differences NaN, never a silent zero.
 *
 * @param rows the probe rows compared (the outputs' first dimension)
 * @param maxAbsDifference the largest {@code |candidate - reference|} over all output values
 * @param meanAbsDifference the mean of {@code |candidate - reference|} over all output values
 * @param top1Agreements the rows whose argmax is the same in both outputs (the first maximum, where tied)
 */
public record PrecisionAgreement(long rows, double maxAbsDifference, double meanAbsDifference, long top1Agreements) {

    /**
     * Runs the probe batch through both and compares the outputs.
     *
     * @param reference runs the reference model, such as float32; returns its output for the batch
     * @param candidate runs the variant under test, such as float16
     */
    public static PrecisionAgreement measure(Tensor probe, Function<Tensor, Tensor> reference,
            Function<Tensor, Tensor> candidate) {
        return compare(reference.apply(probe), candidate.apply(probe));
    }

    /**
     * Compares two outputs for the same probe batch, row by row.
     *
     * @throws IllegalArgumentException if the shapes differ or an output is a scalar
     */
    public static PrecisionAgreement compare(Tensor reference, Tensor candidate) {
        if (!reference.shape().equals(candidate.shape())) {
            throw new IllegalArgumentException("outputs differ in shape: reference " + reference.shape()
                    + ", candidate " + candidate.shape());
        }
        if (reference.shape().rank() == 0) {
            throw new IllegalArgumentException("a scalar output has no rows to compare");
        }
        float[] expected = reference.toFloatArray();
        float[] actual = candidate.toFloatArray();
        int rowSize = Math.toIntExact(reference.shape().rowSize());
        double max = 0;
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs((double) actual[i] - expected[i]);
            max = Double.isNaN(difference) ? Double.NaN : Math.max(max, difference);
            sum += difference;
        }
        long rows = reference.shape().rows();
        long agreements = 0;
        for (int row = 0; row < rows && rowSize > 0; row++) {
            agreements += argmax(expected, row * rowSize, rowSize) == argmax(actual, row * rowSize, rowSize) ? 1 : 0;
        }
        double mean = expected.length == 0 ? 0 : sum / expected.length;
        return new PrecisionAgreement(rows, max, mean, agreements);
    }

    /**
     * Compares every output of a model, not only its first: the differences are over all values of all outputs,
     * and a row agrees when it picks the same top-1 in every output.
     *
     * @throws IllegalArgumentException if the two sides have different numbers of outputs or an output's shapes
     *                                  differ
     */
    public static PrecisionAgreement compareAll(List<Tensor> reference, List<Tensor> candidate) {
        if (reference.isEmpty() || reference.size() != candidate.size()) {
            throw new IllegalArgumentException("the variants answer with " + reference.size() + " and "
                    + candidate.size() + " outputs");
        }
        List<PrecisionAgreement> each = new ArrayList<>();
        long values = 0;
        double sum = 0;
        double max = 0;
        for (int i = 0; i < reference.size(); i++) {
            PrecisionAgreement output = compare(reference.get(i), candidate.get(i));
            long size = reference.get(i).shape().size();
            each.add(output);
            values += size;
            sum += output.meanAbsDifference * size;
            max = Double.isNaN(output.maxAbsDifference) || Double.isNaN(max) ? Double.NaN : Math.max(max, output.maxAbsDifference);
        }
        long rows = each.getFirst().rows;
        long agreements = each.size() == 1 ? each.getFirst().top1Agreements
                : rowsAgreeingInEveryOutput(reference, candidate, rows);
        return new PrecisionAgreement(rows, max, values == 0 ? 0 : sum / values, agreements);
    }

    private static long rowsAgreeingInEveryOutput(List<Tensor> reference, List<Tensor> candidate, long rows) {
        long agreements = 0;
        for (int row = 0; row < rows; row++) {
            boolean agree = true;
            for (int i = 0; i < reference.size() && agree; i++) {
                Tensor expected = reference.get(i);
                if (expected.shape().rank() == 0 || row >= expected.shape().rows()) {
                    continue;
                }
                int rowSize = Math.toIntExact(expected.shape().rowSize());
                float[] e = expected.toFloatArray();
                float[] a = candidate.get(i).toFloatArray();
                agree = rowSize == 0 || argmax(e, row * rowSize, rowSize) == argmax(a, row * rowSize, rowSize);
            }
            agreements += agree ? 1 : 0;
        }
        return agreements;
    }

    /** {@link #top1Agreements} as a fraction of {@link #rows}. */
    public double top1AgreementRate() {
        return rows == 0 ? 1 : (double) top1Agreements / rows;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top-1 agreement %d/%d, max |diff| %.3g, mean |diff| %.3g",
                top1Agreements, rows, maxAbsDifference, meanAbsDifference);
    }

    private static int argmax(float[] values, int from, int length) {
        int best = from;
        for (int i = from + 1; i < from + length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best - from;
    }
}
