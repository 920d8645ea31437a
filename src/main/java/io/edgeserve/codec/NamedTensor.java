package io.edgeserve.codec;

import io.edgeserve.tensor.Tensor;
import java.util.Objects;

/** One model output as the response writers see it: the output's name and its values. */
public record NamedTensor(String name, Tensor tensor) {
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensor, "tensor");
    }
}
