package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.TestPictures;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.ImageSpec.Channels;
import io.edgeserve.model.ImageSpec.Layout;
import io.edgeserve.model.ImageSpec.PixelRange;
import io.edgeserve.model.ImageSpec.Resize;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {

    @Test
    void pictureOfTheModelsSize_isScaledAndNormalisedPerChannelInNchw() {
        BufferedImage picture = rgb(2, 1, 0x0A141E, 0xFF8000);
        ImageSpec spec = spec(Layout.NCHW, 1, 2, Channels.RGB, Resize.EXACT, PixelRange.UNIT,
                List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 2.0));

        float[] values = new ImagePreprocessing(spec).apply(picture);

        // Planes R, G, B; within each, the two pixels. (p / 255 - mean) / std.
        assertThat(values).containsExactly(new float[] {
                (10 / 255f - 0.5f) / 0.5f, (255 / 255f - 0.5f) / 0.5f,
                (20 / 255f - 0.25f) / 0.25f, (128 / 255f - 0.25f) / 0.25f,
                (30 / 255f) / 2f, 0f}, within(1e-6f));
    }

    @Test
    void nhwc_interleavesTheChannels() {
        ImagePreprocessing preprocessing = new ImagePreprocessing(plain(Layout.NHWC, 1, 2, Channels.RGB));

        float[] values = preprocessing.apply(rgb(2, 1, 0x0A141E, 0xFF8000));

        assertThat(values).containsExactly(10, 20, 30, 255, 128, 0);
    }

    @Test
    void bgr_reversesTheChannels() {
        float[] values = new ImagePreprocessing(plain(Layout.NHWC, 1, 1, Channels.BGR)).apply(rgb(1, 1, 0x0A141E));

        assertThat(values).containsExactly(30, 20, 10);
    }

    @Test
    void grey_fromColour_usesPillowsWeightsAndRounding() {
        // Pillow: L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16; red 255 gives 76, green 150, blue 29.
        ImagePreprocessing preprocessing = new ImagePreprocessing(plain(Layout.NCHW, 1, 3, Channels.L));

        float[] values = preprocessing.apply(rgb(3, 1, 0xFF0000, 0x00FF00, 0x0000FF));

        assertThat(values).containsExactly(76, 150, 29);
    }

    @Test
    void greyPng_isReadAsItsSamplesNotBrightened() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);
        grey.getRaster().setSample(1, 0, 0, 200);
        BufferedImage decoded = new ImageDecoder(100).decode(TestPictures.encode(grey, "png"), "the body");

        assertThat(new ImagePreprocessing(plain(Layout.NCHW, 1, 2, Channels.L)).apply(decoded))
                .containsExactly(100, 200);
        assertThat(new ImagePreprocessing(plain(Layout.NHWC, 1, 2, Channels.RGB)).apply(decoded))
                .containsExactly(100, 100, 100, 200, 200, 200);
    }

    @Test
    void sixteenBitGrey_isScaledTo255() {
        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(0, 0, 0, 65535);

        assertThat(new ImagePreprocessing(plain(Layout.NCHW, 1, 1, Channels.L)).apply(grey)).containsExactly(255f);
    }

    @Test
    void everyStorageOfTheSameColours_givesTheSameValues() {
        int[] colours = {0x102030, 0xFFFFFF, 0x000000, 0x7F8081};
        BufferedImage packed = rgb(4, 1, colours);
        BufferedImage bytes = new BufferedImage(4, 1, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage alpha = new BufferedImage(4, 1, BufferedImage.TYPE_4BYTE_ABGR);
        BufferedImage palette = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette(colours));
        for (int x = 0; x < 4; x++) {
            bytes.setRGB(x, 0, colours[x]);
            alpha.setRGB(x, 0, 0x80000000 | colours[x]);
            palette.setRGB(x, 0, colours[x]);
        }
        ImagePreprocessing preprocessing = new ImagePreprocessing(plain(Layout.NHWC, 1, 4, Channels.RGB));

        float[] expected = preprocessing.apply(packed);
        assertThat(expected).containsExactly(16, 32, 48, 255, 255, 255, 0, 0, 0, 127, 128, 129);
        assertThat(preprocessing.apply(bytes)).containsExactly(expected);
        assertThat(preprocessing.apply(alpha)).containsExactly(expected);
        assertThat(preprocessing.apply(palette)).containsExactly(expected);
    }

    @Test
    void enlarging_isBilinearWithHalfPixelCentres() {
        // Output centres fall at source x = 0.25, 0.75, 1.25, 1.75 (pixel centres at 0.5 and 1.5); edges clamp.
        float[] values = new ImagePreprocessing(plain(Layout.NCHW, 1, 4, Channels.L)).apply(grey(2, 1, 0, 100));

        assertThat(values).containsExactly(new float[] {0, 25, 75, 100}, within(1e-4f));
    }

    @Test
    void shrinkingTwoByTwoToOne_averagesTheFour() {
        ImagePreprocessing preprocessing = new ImagePreprocessing(plain(Layout.NCHW, 1, 1, Channels.L));

        float[] values = preprocessing.apply(grey(2, 2, 0, 100, 200, 60));

        assertThat(values).containsExactly(new float[] {90}, within(1e-4f));
    }

    @Test
    void shrinking_weighsEverySourcePixelUnderTheWidenedTriangle() {
        // Scale 2: output 0 is centred on x = 1.0 and reads pixels 0, 1, 2 with weights 0.75, 0.75, 0.25 (Pillow).
        ImagePreprocessing preprocessing = new ImagePreprocessing(plain(Layout.NCHW, 1, 2, Channels.L));

        float[] values = preprocessing.apply(grey(4, 1, 0, 100, 200, 250));

        assertThat(values[0]).isCloseTo((0 * 0.75f + 100 * 0.75f + 200 * 0.25f) / 1.75f, within(1e-3f));
    }

    @Test
    void constantPicture_staysConstantWhateverTheResize() {
        BufferedImage flat = rgb(7, 5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                flat.setRGB(x, y, 0x336699);
            }
        }
        for (Resize resize : Resize.values()) {
            float[] values = new ImagePreprocessing(spec(Layout.NHWC, 3, 4, Channels.RGB, resize, PixelRange.BYTE,
                    List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))).apply(flat);
            for (int i = 0; i < values.length; i += 3) {
                assertThat(new float[] {values[i], values[i + 1], values[i + 2]}).as(resize.toString())
                        .containsExactly(new float[] {0x33, 0x66, 0x99}, within(1e-3f));
            }
        }
    }

    @Test
    void centerCrop_keepsTheMiddleOfAWidePicture() {
        float[] values = new ImagePreprocessing(spec(Layout.NCHW, 1, 2, Channels.L, Resize.CENTER_CROP, PixelRange.BYTE,
                List.of(0.0), List.of(1.0))).apply(grey(4, 1, 10, 20, 30, 40));

        assertThat(values).containsExactly(new float[] {20, 30}, within(1e-4f));
    }

    @Test
    void centerCrop_keepsTheMiddleOfATallPicture() {
        float[] values = new ImagePreprocessing(spec(Layout.NCHW, 1, 1, Channels.L, Resize.CENTER_CROP, PixelRange.BYTE,
                List.of(0.0), List.of(1.0))).apply(grey(1, 3, 10, 20, 30));

        assertThat(values).containsExactly(new float[] {20}, within(1e-4f));
    }

    @Test
    void exactResize_stretchesTheWholePicture() {
        float[] values = new ImagePreprocessing(plain(Layout.NCHW, 1, 2, Channels.L)).apply(grey(4, 1, 10, 20, 30, 40));

        // Both halves are seen: the left output leans to 10 and 20, the right to 30 and 40.
        assertThat(values[0]).isLessThan(25);
        assertThat(values[1]).isGreaterThan(25);
        assertThat(values[0] + values[1]).isCloseTo(50, within(1e-3f));
    }

    private static ImageSpec plain(Layout layout, int height, int width, Channels channels) {
        List<Double> zeros = channels == Channels.L ? List.of(0.0) : List.of(0.0, 0.0, 0.0);
        List<Double> ones = channels == Channels.L ? List.of(1.0) : List.of(1.0, 1.0, 1.0);
        return spec(layout, height, width, channels, Resize.EXACT, PixelRange.BYTE, zeros, ones);
    }

    private static ImageSpec spec(Layout layout, int height, int width, Channels channels, Resize resize,
            PixelRange range, List<Double> mean, List<Double> std) {
        return new ImageSpec(layout, height, width, channels, resize, range, mean, std);
    }

    private static BufferedImage rgb(int width, int height, int... colours) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < colours.length; i++) {
            image.setRGB(i % width, i / width, colours[i]);
        }
        return image;
    }

    private static BufferedImage grey(int width, int height, int... levels) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < levels.length; i++) {
            image.getRaster().setSample(i % width, i / width, 0, levels[i]);
        }
        return image;
    }

    private static IndexColorModel palette(int[] colours) {
        byte[] r = new byte[colours.length];
        byte[] g = new byte[colours.length];
        byte[] b = new byte[colours.length];
        for (int i = 0; i < colours.length; i++) {
            r[i] = (byte) (colours[i] >> 16);
            g[i] = (byte) (colours[i] >> 8);
            b[i] = (byte) colours[i];
        }
        return new IndexColorModel(2, colours.length, r, g, b);
    }
}
