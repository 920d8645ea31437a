package io.edgeserve.codec;

import io.edgeserve.model.ImageSpec.Channels;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Reads a decoded picture one row at a time as 0-255 values in the channel order a model takes, interleaved
 * ({@code RGBRGB...}, {@code BGRBGR...} or one grey value a pixel). Alpha is dropped, as Pillow's
 * {@code convert("RGB")} drops it. Grey pictures are read from their samples, not through
 * {@code BufferedImage.getRGB}, which would brighten them (Java treats grey as linear light); colour is turned
 * into grey with Pillow's {@code convert("L")} weights, ITU-R 601, rounded as Pillow rounds.
 */
abstract sealed class PixelRows {

    protected final int width;
    protected final Channels channels;

    private PixelRows(int width, Channels channels) {
        this.width = width;
        this.channels = channels;
    }

    static PixelRows of(BufferedImage image, Channels channels) {
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel() instanceof ComponentColorModel) {
            return new Grey(image, channels);
        }
        if (Bytes.applies(image)) {
            return new Bytes(image, channels);
        }
        return new Packed(image, channels);
    }

    /** Fills {@code row} with {@code width * channels.count()} values of source row {@code y}. */
    abstract void read(int y, float[] row);

    /** Writes one pixel given as 0-255 red, green and blue. */
    protected final void put(float[] row, int x, int red, int green, int blue) {
        switch (channels) {
            case RGB -> {
                row[3 * x] = red;
                row[3 * x + 1] = green;
                row[3 * x + 2] = blue;
            }
            case BGR -> {
                row[3 * x] = blue;
                row[3 * x + 1] = green;
                row[3 * x + 2] = red;
            }
            case L -> row[x] = (red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16;
        }
    }

    /** Grey (and grey with alpha) pictures of any bit depth, from the first band's samples. */
    private static final class Grey extends PixelRows {
        private final Raster raster;
        private final float toByte;
        private final int[] samples;

        Grey(BufferedImage image, Channels channels) {
            super(image.getWidth(), channels);
            this.raster = image.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            this.toByte = 255f / ((1L << bits) - 1);
            this.samples = new int[width];
        }

        @Override
        void read(int y, float[] row) {
            raster.getSamples(0, y, width, 1, 0, samples);
            int count = channels.count();
            for (int x = 0; x < width; x++) {
                float value = samples[x] * toByte;
                for (int c = 0; c < count; c++) {
                    row[count * x + c] = value;
                }
            }
        }
    }

    /** 8-bit sRGB pictures stored a pixel at a time (what the JDK decodes most JPEGs and PNGs to), read directly. */
    private static final class Bytes extends PixelRows {
        private final byte[] data;
        private final int scanlineStride;
        private final int pixelStride;
        private final int red;
        private final int green;
        private final int blue;

        Bytes(BufferedImage image, Channels channels) {
            super(image.getWidth(), channels);
            Raster raster = image.getRaster();
            PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
            DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
            this.data = buffer.getData();
            this.scanlineStride = model.getScanlineStride();
            this.pixelStride = model.getPixelStride();
            int[] offsets = model.getBandOffsets();
            this.red = buffer.getOffset() + offsets[0];
            this.green = buffer.getOffset() + offsets[1];
            this.blue = buffer.getOffset() + offsets[2];
        }

        static boolean applies(BufferedImage image) {
            Raster raster = image.getRaster();
            return image.getColorModel() instanceof ComponentColorModel model
                    && model.getColorSpace().isCS_sRGB()
                    && model.getNumColorComponents() == 3
                    && !model.isAlphaPremultiplied()
                    && raster.getSampleModel() instanceof PixelInterleavedSampleModel sampleModel
                    && sampleModel.getNumBands() >= 3
                    && raster.getDataBuffer() instanceof DataBufferByte buffer
                    && buffer.getNumBanks() == 1
                    && raster.getSampleModelTranslateX() == 0
                    && raster.getSampleModelTranslateY() == 0;
        }

        @Override
        void read(int y, float[] row) {
            int start = y * scanlineStride;
            for (int x = 0; x < width; x++) {
                int pixel = start + x * pixelStride;
                put(row, x, data[pixel + red] & 0xFF, data[pixel + green] & 0xFF, data[pixel + blue] & 0xFF);
            }
        }
    }

    /** Anything else (palettes, 16 bits, ICC profiles), through Java's conversion to 8-bit sRGB. */
    private static final class Packed extends PixelRows {
        private final BufferedImage image;
        private final int[] argb;

        Packed(BufferedImage image, Channels channels) {
            super(image.getWidth(), channels);
            this.image = image;
            this.argb = new int[width];
        }

        @Override
        void read(int y, float[] row) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int pixel = argb[x];
                put(row, x, (pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF);
            }
        }
    }
}
