package io.edgeserve.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a model takes pictures: the manifest's {@code image} section. A JPEG or PNG sent to the model is decoded,
 * converted to {@link #channels()}, resized (bilinear) to {@link #height()} by {@link #width()} as
 * {@link #resize()} says, divided into {@link #range()}, normalised per channel as {@code (x - mean) / std} and
 * laid out as {@link #layout()}. One rule: every value here is complete and consistent once constructed, so
 * that preprocessing never guesses.
 *
 * @param layout   where the channel axis is: {@code NCHW} (MXNet's and Gluon's convention) or {@code NHWC}
 * @param height   rows of the picture the model takes, or {@link #OWN_SIZE} (with width) to keep each picture's own
 * @param width    columns of the picture the model takes, or {@link #OWN_SIZE} (with height)
 * @param channels {@code RGB}, {@code BGR} (OpenCV-trained models) or {@code L} (one grey channel)
 * @param resize   {@code exact} stretches to the size; {@code center-crop} keeps the aspect ratio and cuts the
 *                 middle
 * @param range    the pixel scale that mean and std apply to: {@code 0-1} (pixel / 255) or {@code 0-255}
 * @param mean     per channel, in {@link #channels()} order, subtracted first
 * @param std      per channel, in {@link #channels()} order, divided by second; none may be zero
 */
public record ImageSpec(Layout layout, int height, int width, Channels channels, Resize resize, PixelRange range,
                        List<Double> mean, List<Double> std) {

    /** No picture bigger than this on a side is a sensible model input (and it bounds the work per image). */
    public static final int MAX_SIDE = 8192;

    /**
     * Height and width both this: pictures keep their own size, for a model whose input's height and width are
     * free; the input's bounds, checked with every request, decide which sizes it takes.
     */
    public static final int OWN_SIZE = 0;

    public ImageSpec {
        if (layout == null || channels == null || resize == null || range == null || mean == null || std == null) {
            throw new IllegalArgumentException("an image spec needs layout, channels, resize, range, mean and std");
        }
        boolean ownSize = height == OWN_SIZE && width == OWN_SIZE;
        if (!ownSize && (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE)) {
            throw new IllegalArgumentException("\"image.size\" must be [height, width], each 1 to " + MAX_SIDE
                    + ", was [" + height + ", " + width + "]");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        requireOnePerChannel("mean", mean, channels);
        requireOnePerChannel("std", std, channels);
        if (std.stream().anyMatch(value -> value == 0 || !Double.isFinite(value))) {
            throw new IllegalArgumentException("\"image.std\" must hold finite, non-zero numbers, was " + std);
        }
        if (mean.stream().anyMatch(value -> !Double.isFinite(value))) {
            throw new IllegalArgumentException("\"image.mean\" must hold finite numbers, was " + mean);
        }
    }

    /** True where pictures keep their own size rather than being resized. */
    public boolean ownSize() {
        return height == OWN_SIZE && width == OWN_SIZE;
    }

    /**
     * The shape of one preprocessed picture, as the model input's shape without its batch dimension; where
     * pictures keep their {@linkplain #ownSize() own size}, see {@link #exampleShape(int, int)}.
     */
    public List<Long> exampleShape() {
        return exampleShape(height, width);
    }

    /** The shape of one preprocessed picture of {@code height} by {@code width}. */
    public List<Long> exampleShape(int height, int width) {
        long c = channels.count();
        return layout == Layout.NCHW
                ? List.of(c, (long) height, (long) width)
                : List.of((long) height, (long) width, c);
    }

    private static void requireOnePerChannel(String field, List<Double> values, Channels channels) {
        if (values.size() != channels.count()) {
            throw new IllegalArgumentException("\"image." + field + "\" needs " + channels.count() + " value"
                    + (channels.count() == 1 ? "" : "s") + " for channels " + channels + ", has " + values.size());
        }
    }

    /** Where the channel axis sits in one example. */
    public enum Layout {
        NCHW, NHWC;

        static Layout parse(String text) {
            return ImageSpec.parse(Layout.class, text, "image.layout", "\"NCHW\" or \"NHWC\"");
        }
    }

    /** The colour channels the model takes, in order. */
    public enum Channels {
        RGB(3), BGR(3), L(1);

        private final int count;

        Channels(int count) {
            this.count = count;
        }

        public int count() {
            return count;
        }

        static Channels parse(String text) {
            return ImageSpec.parse(Channels.class, text, "image.channels", "\"RGB\", \"BGR\" or \"L\"");
        }
    }

    /** How a picture of another shape is brought to the model's. */
    public enum Resize {
        /** Stretch both sides to the size; the aspect ratio may change. */
        EXACT("exact"),
        /** Scale so that the picture covers the size, keeping its aspect ratio, and take the middle. */
        CENTER_CROP("center-crop");

        private final String text;

        Resize(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        static Resize parse(String text) {
            return Arrays.stream(values()).filter(value -> value.text.equals(text)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("\"image.resize\" must be \"exact\" or \"center-crop\", was \""
                            + text + "\""));
        }
    }

    /** The scale pixels are put on before mean and std apply. */
    public enum PixelRange {
        /** pixel / 255, as MXNet's {@code ToTensor} and most Gluon models. */
        UNIT("0-1", 255),
        /** the pixel values as decoded, as Caffe-style models with means like 123.68. */
        BYTE("0-255", 1);

        private final String text;
        private final float divisor;

        PixelRange(String text, float divisor) {
            this.text = text;
            this.divisor = divisor;
        }

        /** What an 8-bit pixel value is divided by. */
        public float divisor() {
            return divisor;
        }

        @Override
        public String toString() {
            return text;
        }

        static PixelRange parse(String text) {
            return Arrays.stream(values()).filter(value -> value.text.equals(text)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("\"image.range\" must be \"0-1\" or \"0-255\", was \"" + text + "\""));
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String field, String allowed) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" must be " + allowed + ", was \"" + text + "\"");
        }
    }
}
