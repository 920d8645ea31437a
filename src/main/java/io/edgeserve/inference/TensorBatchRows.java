package io.edgeserve.inference;

import io.edgeserve.batching.BatchRows;
import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * How requests of tensors share an engine batch: their inputs are stacked along the first axis, and only
 * requests whose examples have the same shapes and types are stacked together. Each output is cut back
 * into the requests' rows in order.
 */
public final class TensorBatchRows implements BatchRows<List<Tensor>, List<Tensor>> {

    /** What must be equal for two requests to share a batch: each input's type and example shape. */
    private record Key(List<String> inputs) {}

    @Override
    public int rows(List<Tensor> inputs) {
        return Math.toIntExact(inputs.getFirst().shape().rows());
    }

    @Override
    public Object compatibilityKey(List<Tensor> inputs) {
        List<String> parts = new ArrayList<>(inputs.size());
        for (Tensor input : inputs) {
            parts.add(input.dataType().numpyName() + input.shape().rowShape());
        }
        return new Key(parts);
    }

    @Override
    public List<Tensor> merge(List<List<Tensor>> requests) {
        if (requests.size() == 1) {
            return requests.getFirst();
        }
        int inputCount = requests.getFirst().size();
        List<Tensor> merged = new ArrayList<>(inputCount);
        for (int input = 0; input < inputCount; input++) {
            List<Tensor> parts = new ArrayList<>(requests.size());
            for (List<Tensor> request : requests) {
                parts.add(request.get(input));
            }
            merged.add(Tensor.concatRows(parts));
        }
        return merged;
    }

    @Override
    public List<List<Tensor>> split(List<Tensor> outputs, int[] rowCounts) {
        if (rowCounts.length == 1) {
            return List.of(outputs);
        }
        long totalRows = 0;
        for (int count : rowCounts) {
            totalRows += count;
        }
        for (Tensor output : outputs) {
            if (output.shape().rank() == 0 || output.shape().rows() != totalRows) {
                throw new IllegalStateException("an output of shape " + output.shape() + " does not have one row per example ("
                        + totalRows + "), so it cannot be split between requests");
            }
        }
        List<List<Tensor>> perRequest = new ArrayList<>(rowCounts.length);
        long from = 0;
        for (int count : rowCounts) {
            List<Tensor> own = new ArrayList<>(outputs.size());
            for (Tensor output : outputs) {
                own.add(output.rows(from, from + count));
            }
            perRequest.add(own);
            from += count;
        }
        return perRequest;
    }
}
