package io.edgeserve.codec;

import io.edgeserve.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * A request body turned into tensors: either tensors in the order the client sent them, or tensors keyed by
 * the model input they are meant for, or pictures already made into the model's one input. Binding them to
 * the model's inputs (names, shapes, element type) is the caller's job, not the codec's.
 */
public sealed interface DecodedInput {

    /** Tensors with no names, in body order; JSON, CSV and NPY bodies give exactly one. */
    record Positional(List<Tensor> tensors) implements DecodedInput {
        public Positional {
            tensors = List.copyOf(tensors);
            if (tensors.isEmpty()) {
                throw new IllegalArgumentException("a positional input needs at least one tensor");
            }
        }

        public static Positional of(Tensor tensor) {
            return new Positional(List.of(tensor));
        }
    }

    /** Tensors keyed by input name, in the order the body listed them. */
    record Named(SequencedMap<String, Tensor> tensors) implements DecodedInput {
        public Named {
            tensors = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tensors));
            if (tensors.isEmpty()) {
                throw new IllegalArgumentException("a named input needs at least one tensor");
            }
        }
    }

    /**
     * Pictures decoded and preprocessed as a model's image spec says, one row each, in body order.
     *
     * @param pixels float32 of shape {@code (pictures,) + spec.exampleShape()}
     * @param listed true where the body was a list of pictures (multipart, JSON instances), even of one, so
     *               that the answer is a list of the same length; false for a body that is one picture
     */
    record Images(Tensor pixels, boolean listed) implements DecodedInput {}
}
