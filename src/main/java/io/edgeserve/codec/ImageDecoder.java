package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one PNG or JPEG with the JDK's own readers, and nothing else: the format is told from the bytes, not
 * the {@code Content-Type}, only the readers built into {@code java.desktop} are used (never an ImageIO plugin
 * that happens to be on the class path), and nothing touches the disk or the network. The one rule: a picture's
 * declared width and height are checked against the pixel limit before any pixel is decoded, so a small body
 * cannot make a huge picture.
 *
 * <p>Every failure is a 400 naming the picture ({@code what}) and the reason: not a PNG or JPEG (naming the
 * format where it is a common one), a malformed header, too many pixels, truncated or corrupt data. A JPEG
 * that ends early or holds bad data decodes with only a warning in ImageIO; such a warning is a 400 here, not
 * a grey picture. Only warnings known to leave every pixel intact (stray bytes between segments, which some
 * cameras write) let the picture through.
 */
public final class ImageDecoder {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Module JDK_IMAGEIO = ImageIO.class.getModule();
    /** libjpeg's warnings after which the decoded pixels are still all the file's own. */
    private static final List<String> HARMLESS_WARNINGS =
            List.of("extraneous bytes before marker", "unknown jfif revision");

    private final long maxPixels;

    /** @param maxPixels most pixels (width times height) a picture may declare */
    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /**
     * @param bytes the encoded picture
     * @param what  how a problem detail names the picture: "the body", "part 2 ('cat')"
     * @throws ProblemException 400 where the bytes are not a PNG or JPEG this service can decode within its limits
     */
    public BufferedImage decode(byte[] bytes, String what) {
        String format = format(bytes, what);
        ImageReader reader = jdkReader(format);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            reader.addIIOReadWarningListener((source, warning) -> {
                if (!harmless(warning)) {
                    warnings.add(warning);
                }
            });
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            requireWithinLimit(what, format, width, height);
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw ProblemException.malformed(what + " is a corrupt or truncated " + format + ": "
                        + String.join("; ", warnings));
            }
            return image;
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(what, format, e);
        } finally {
            reader.dispose();
        }
    }

    private static boolean harmless(String warning) {
        String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return HARMLESS_WARNINGS.stream().anyMatch(lower::contains);
    }

    private void requireWithinLimit(String what, String format, int width, int height) {
        if (width < 1 || height < 1) {
            throw ProblemException.malformed(what + " is a " + format + " of " + width + "x" + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ProblemException(ProblemType.IMAGE_TOO_LARGE, what + " is a " + format + " of " + width + "x"
                    + height + " = " + pixels + " pixels; the limit is " + maxPixels + " (edgeserve.image.max-pixels)")
                    .with("maxPixels", maxPixels);
        }
    }

    /** "PNG" or "JPEG" from the first bytes; anything else is refused with its name where it is well known. */
    static String format(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw ProblemException.malformed(what + " is empty");
        }
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return "PNG";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return "JPEG";
        }
        String known = knownOtherFormat(bytes);
        throw ProblemException.malformed(what + " is not a PNG or JPEG image"
                + (known != null ? ": it is " + known : ": it starts with bytes " + hex(bytes, 8)));
    }

    private static String knownOtherFormat(byte[] bytes) {
        if (startsWith(bytes, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
            return "a GIF";
        }
        if (startsWith(bytes, "BM".getBytes(StandardCharsets.US_ASCII))) {
            return "a BMP";
        }
        if (startsWith(bytes, new byte[] {'I', 'I', 42, 0}) || startsWith(bytes, new byte[] {'M', 'M', 0, 42})) {
            return "a TIFF";
        }
        if (bytes.length >= 12 && startsWith(bytes, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && new String(bytes, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
            return "a WebP";
        }
        if (bytes.length >= 12 && new String(bytes, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.startsWith("mif1")
                    || brand.startsWith("avi")) {
                return "a HEIF or AVIF (convert it to JPEG on the device)";
            }
        }
        return null;
    }

    private static ImageReader jdkReader(String format) {
        for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider().getClass().getModule() == JDK_IMAGEIO) {
                return reader;
            }
        }
        throw new IllegalStateException("the JDK has no built-in " + format + " reader");
    }

    private static ProblemException unreadable(String what, String format, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException) {
                return ProblemException.malformed(what + " is a truncated " + format + ": the data ends early", e);
            }
        }
        String reason = e instanceof IOException ? e.getMessage() : "its data is malformed";
        return ProblemException.malformed(what + " is a " + format + " that cannot be decoded: "
                + Detail.quote(reason == null ? "no reason given" : reason), e);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(count, bytes.length); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xFF));
        }
        return text.toString();
    }
}
