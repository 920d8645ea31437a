package io.edgeserve.model;

import io.edgeserve.model.ImageSpec.Channels;
import io.edgeserve.model.ImageSpec.Layout;
import io.edgeserve.model.ImageSpec.PixelRange;
import io.edgeserve.model.ImageSpec.Resize;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a manifest's {@code image} section into an {@link ImageSpec}, filling in what the manifest leaves out:
 * the size from the model's declared input shape, and the defaults (NCHW, RGB, exact resize, 0-1, mean 0,
 * std 1). An image section that contradicts the declared input is refused here, when the model loads, rather
 * than on every request.
 */
final class ImageSection {

    private static final Set<String> FIELDS = Set.of("layout", "size", "channels", "resize", "range", "mean", "std");

    private ImageSection() {}

    static ImageSpec parse(JsonNode node, List<TensorSpec> inputs) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "\"image\" is an object such as {\"size\": [32, 32], \"channels\": \"RGB\"}");
        }
        ManifestReader.requireKnownFields(node, FIELDS, "image.");
        Layout layout = node.has("layout") ? Layout.parse(required(node, "layout")) : Layout.NCHW;
        Channels channels = node.has("channels") ? Channels.parse(required(node, "channels")) : Channels.RGB;
        Resize resize = node.has("resize") ? Resize.parse(required(node, "resize")) : Resize.EXACT;
        PixelRange range = node.has("range") ? PixelRange.parse(required(node, "range")) : PixelRange.UNIT;
        List<Double> mean = node.has("mean") ? numbers(node.get("mean"), "image.mean")
                : Collections.nCopies(channels.count(), 0.0);
        List<Double> std = node.has("std") ? numbers(node.get("std"), "image.std")
                : Collections.nCopies(channels.count(), 1.0);
        TensorSpec input = inputs == null ? null : onlyInput(inputs);
        int[] size = node.has("size") ? size(node.get("size")) : sizeFrom(input, layout);
        ImageSpec spec = new ImageSpec(layout, size[0], size[1], channels, resize, range, mean, std);
        if (input != null && input.shape() != null) {
            requireFits(spec, input);
        }
        return spec;
    }

    private static TensorSpec onlyInput(List<TensorSpec> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("\"image\" needs a model with one input; \"inputs\" lists "
                    + inputs.size());
        }
        return inputs.getFirst();
    }

    /** The picture size an NCHW or NHWC input of rank 4 declares. */
    private static int[] sizeFrom(TensorSpec input, Layout layout) {
        if (input == null || input.shape() == null || input.shape().size() != 4) {
            throw new IllegalArgumentException("\"image.size\" ([height, width]) is needed where \"inputs\" does not "
                    + "give the input a shape of four dimensions");
        }
        List<Long> shape = input.shape();
        int heightAxis = layout == Layout.NCHW ? 2 : 1;
        boolean freeHeight = shape.get(heightAxis) == -1;
        boolean freeWidth = shape.get(heightAxis + 1) == -1;
        if (freeHeight && freeWidth) {
            // A fully convolutional model: each picture keeps its own size, and the input's bounds decide.
            return new int[] {ImageSpec.OWN_SIZE, ImageSpec.OWN_SIZE};
        }
        if (freeHeight || freeWidth) {
            throw new IllegalArgumentException("\"image.size\" ([height, width]) is needed where only one of the "
                    + "input's height and width is free: pictures are resized to that size, within the input's bounds");
        }
        return new int[] {saturated(shape.get(heightAxis)), saturated(shape.get(heightAxis + 1))};
    }

    /** A dimension as an int, too large ones kept too large so that {@link ImageSpec} names them. */
    private static int saturated(long dimension) {
        return (int) Math.min(dimension, Integer.MAX_VALUE);
    }

    private static void requireFits(ImageSpec spec, TensorSpec input) {
        // Pictures that keep their own size are checked against the bounds with every request; here only the
        // channels and layout must fit, so try the smallest picture the input takes.
        List<Long> example = spec.ownSize() ? smallestPicture(spec, input) : spec.exampleShape();
        List<Long> declared = input.shape().subList(1, input.shape().size());
        boolean fits = input.hasFreeAxes()
                ? input.misfit(io.edgeserve.tensor.Shape.of(example)) == null
                : declared.size() == 3 ? declared.equals(example) : sameCount(declared, example);
        if (!fits) {
            throw new IllegalArgumentException("\"image\" makes pictures of shape " + example + " (" + spec.layout()
                    + ", " + spec.channels() + ", " + spec.height() + "x" + spec.width() + ") but input '"
                    + input.name() + "' has shape " + (input.bounds() == null ? input.shape() : input.shapeText()));
        }
    }

    /** Whether both shapes hold as many values; one too large to count holds more than a picture can. */
    private static boolean sameCount(List<Long> declared, List<Long> example) {
        try {
            return declared.stream().reduce(1L, Math::multiplyExact).equals(example.stream().reduce(1L, Math::multiplyExact));
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static List<Long> smallestPicture(ImageSpec spec, TensorSpec input) {
        int heightAxis = spec.layout() == Layout.NCHW ? 2 : 1;
        if (input.shape().size() != 4) {
            return spec.exampleShape(1, 1);
        }
        return spec.exampleShape(smallest(input, heightAxis), smallest(input, heightAxis + 1));
    }

    private static int smallest(TensorSpec input, int axis) {
        TensorSpec.Bounds bound = input.bounds() == null ? null : input.bounds().get(axis);
        return bound == null ? 1 : saturated(bound.min());
    }

    private static String required(JsonNode node, String field) {
        String text = ManifestReader.text(node, field);
        if (text == null) {
            throw new IllegalArgumentException("\"image." + field + "\" must be a string");
        }
        return text;
    }

    private static int[] size(JsonNode node) {
        if (!node.isArray() || node.size() != 2 || !node.get(0).isIntegralNumber() || !node.get(1).isIntegralNumber()
                || !node.get(0).canConvertToInt() || !node.get(1).canConvertToInt()) {
            throw new IllegalArgumentException("\"image.size\" must be [height, width] in pixels");
        }
        return new int[] {node.get(0).asInt(), node.get(1).asInt()};
    }

    private static List<Double> numbers(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a list of numbers, one per channel");
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isNumber()) {
                throw new IllegalArgumentException("\"" + field + "\" must be a list of numbers, one per channel");
            }
            values.add(value.asDouble());
        }
        return values;
    }
}
