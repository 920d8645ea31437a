package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.TestPictures;
import io.edgeserve.problem.ProblemType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(1_000_000);

    @Test
    void png_decodesToItsPixels() {
        BufferedImage picture = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(2, 1, 0x123456);

        BufferedImage decoded = decoder.decode(TestPictures.encode(picture, "png"), "the body");

        assertThat(decoded.getWidth()).isEqualTo(3);
        assertThat(decoded.getHeight()).isEqualTo(2);
        assertThat(decoded.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x123456);
    }

    @Test
    void jpeg_decodes() {
        BufferedImage decoded = decoder.decode(TestPictures.encode(photo(64, 48), "jpeg"), "the body");

        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(decoded.getHeight()).isEqualTo(48);
    }

    @Test
    void emptyBody_is400() {
        assertMalformed(() -> decoder.decode(new byte[0], "the body")).hasMessage("the body is empty");
    }

    @Test
    void garbage_is400NamingItsFirstBytes() {
        assertMalformed(() -> decoder.decode("hello, world".getBytes(StandardCharsets.US_ASCII), "part 2"))
                .hasMessage("part 2 is not a PNG or JPEG image: it starts with bytes 68 65 6c 6c 6f 2c 20 77");
    }

    @Test
    void gif_is400NamingTheFormat() {
        assertMalformed(() -> decoder.decode(TestPictures.encode(photo(4, 4), "gif"), "the body"))
                .hasMessage("the body is not a PNG or JPEG image: it is a GIF");
    }

    @Test
    void heicFromAPhone_is400SayingWhatToDo() {
        byte[] heic = new byte[32];
        System.arraycopy("....ftypheic".getBytes(StandardCharsets.US_ASCII), 0, heic, 0, 12);

        assertMalformed(() -> decoder.decode(heic, "the body"))
                .hasMessageContaining("it is a HEIF or AVIF (convert it to JPEG on the device)");
    }

    @Test
    void truncatedPng_is400() {
        byte[] png = TestPictures.encode(photo(64, 64), "png");

        assertMalformed(() -> decoder.decode(Arrays.copyOf(png, png.length - 40), "the body"))
                .hasMessage("the body is a truncated PNG: the data ends early");
    }

    @Test
    void truncatedJpeg_is400NotAGreyPicture() {
        byte[] jpeg = TestPictures.encode(photo(64, 64), "jpeg");

        assertMalformed(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), "the body"))
                .hasMessageStartingWith("the body is a corrupt or truncated JPEG: ");
    }

    @Test
    void jpegWithStrayBytesBeforeAMarker_decodes() {
        byte[] jpeg = TestPictures.encode(photo(16, 16), "jpeg");
        byte[] stray = new byte[jpeg.length + 3];
        System.arraycopy(jpeg, 0, stray, 0, jpeg.length - 2);
        stray[stray.length - 2] = (byte) 0xFF;
        stray[stray.length - 1] = (byte) 0xD9;

        assertThat(decoder.decode(stray, "the body").getWidth()).isEqualTo(16);
    }

    @Test
    void jpegWithGarbledData_is400() {
        byte[] jpeg = TestPictures.encode(photo(64, 64), "jpeg");
        for (int i = jpeg.length / 2; i < jpeg.length / 2 + 40; i++) {
            jpeg[i] = (byte) 0xFF;
        }

        assertMalformed(() -> decoder.decode(jpeg, "the body")).hasMessageStartingWith("the body is a ");
    }

    @Test
    void pngHeaderOnly_is400() {
        byte[] png = TestPictures.encode(photo(8, 8), "png");

        assertMalformed(() -> decoder.decode(Arrays.copyOf(png, 20), "the body"))
                .hasMessageStartingWith("the body is a ");
    }

    @Test
    void pngDeclaringTenGigapixels_isRefusedBeforeDecoding() {
        // Decoding would need 10 GB: the refusal can only come from the header.
        byte[] bomb = TestPictures.pngDeclaring(100_000, 100_000);

        assertProblem(ProblemType.IMAGE_TOO_LARGE, () -> decoder.decode(bomb, "the body"))
                .hasMessage("the body is a PNG of 100000x100000 = 10000000000 pixels; the limit is 1000000 "
                        + "(edgeserve.image.max-pixels)");
    }

    @Test
    void jpegDeclaringHugeDimensions_isRefusedBeforeDecoding() {
        byte[] jpeg = jpegDeclaring(TestPictures.encode(photo(16, 16), "jpeg"), 60_000, 60_000);

        assertProblem(ProblemType.IMAGE_TOO_LARGE, () -> decoder.decode(jpeg, "the body"))
                .hasMessageContaining("is a JPEG of 60000x60000 = 3600000000 pixels");
    }

    @Test
    void pictureAtThePixelLimit_decodes() {
        BufferedImage decoded = new ImageDecoder(64 * 48).decode(TestPictures.encode(photo(64, 48), "png"), "the body");

        assertThat(decoded.getWidth() * decoded.getHeight()).isEqualTo(64 * 48);
    }

    @Test
    void pictureOnePixelOverTheLimit_isRefused() {
        assertProblem(ProblemType.IMAGE_TOO_LARGE,
                () -> new ImageDecoder(64 * 48 - 1).decode(TestPictures.encode(photo(64, 48), "png"), "the body"));
    }

    /** A picture with some structure, so that compressed data is not trivially short. */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 37) & 0xFF) << 16 | ((y * 91) & 0xFF) << 8 | ((x * y) & 0xFF));
            }
        }
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    /** The JPEG with its frame header (SOF0) declaring another size. */
    private static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        for (int i = 2; i < patched.length - 9; i++) {
            if ((patched[i] & 0xFF) == 0xFF && (patched[i + 1] & 0xFF) == 0xC0) {
                ByteBuffer.wrap(patched, i + 5, 4).putShort((short) height).putShort((short) width);
                return patched;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }
}
