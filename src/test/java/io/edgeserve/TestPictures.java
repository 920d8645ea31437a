package io.edgeserve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Pictures made up in memory for tests: encoded with the JDK, or crafted byte by byte to be hostile. */
public final class TestPictures {

    private TestPictures() {}

    /** The picture encoded as {@code format} ("png" or "jpeg") by the JDK's writers. */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PNG whose header declares {@code width x height} pixels of 8-bit grey, followed by one tiny compressed
     * row and its end: what a decompression bomb looks like before anything is inflated.
     */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] grey = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
        ByteBuffer png = ByteBuffer.wrap(grey.clone());
        // IHDR's data starts after the 8-byte signature, the 4-byte length and the 4-byte type.
        png.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png.array(), 12, 4 + 13);
        png.putInt(12 + 4 + 13, (int) crc.getValue());
        return png.array();
    }
}
