package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.TestPictures;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.ImageSpec.Channels;
import io.edgeserve.model.ImageSpec.Layout;
import io.edgeserve.model.ImageSpec.PixelRange;
import io.edgeserve.model.ImageSpec.Resize;
import io.edgeserve.problem.ProblemType;
import io.edgeserve.tensor.DataType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ImageRequestReaderTest {

    private static final ImageSpec SPEC = new ImageSpec(Layout.NCHW, 4, 6, Channels.RGB, Resize.CENTER_CROP,
            PixelRange.UNIT, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));

    private final ImageRequestReader reader = new ImageRequestReader(new ImageLimits(1_000_000, 4, 2));

    @Test
    void onePng_isOneRowOfTheModelsShape() throws IOException {
        DecodedInput.Images images = reader.read(MediaType.IMAGE_PNG, body(png(0xFF0000)), "m", SPEC);

        assertThat(images.listed()).isFalse();
        assertThat(images.pixels().dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(images.pixels().shape()).hasToString("(1, 3, 4, 6)");
        assertThat(images.pixels().getDouble(0)).isEqualTo(1.0);
        assertThat(images.pixels().getDouble(4 * 6)).isEqualTo(0.0);
    }

    @Test
    void formatComesFromTheBytes_notTheDeclaredImageType() throws IOException {
        byte[] jpeg = TestPictures.encode(ImageDecoderTest.photo(12, 8), "jpeg");

        assertThat(reader.read(MediaType.IMAGE_PNG, body(jpeg), "m", SPEC).pixels().shape())
                .hasToString("(1, 3, 4, 6)");
        assertThat(reader.read(MediaType.parseMediaType("image/jpg"), body(jpeg), "m", SPEC).pixels().shape().rows())
                .isOne();
    }

    @Test
    void ownSize_keepsEachPicturesSize_andRefusesPicturesOfDifferentSizesInOneRequest() throws IOException {
        ImageSpec own = new ImageSpec(Layout.NCHW, ImageSpec.OWN_SIZE, ImageSpec.OWN_SIZE, Channels.RGB, Resize.EXACT,
                PixelRange.UNIT, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));
        byte[] small = TestPictures.encode(ImageDecoderTest.photo(12, 8), "png");
        byte[] large = TestPictures.encode(ImageDecoderTest.photo(20, 10), "png");

        assertThat(reader.read(MediaType.IMAGE_PNG, body(small), "m", own).pixels().shape()).hasToString("(1, 3, 8, 12)");
        assertThat(reader.read(MULTIPART, body(multipart(small, small)), "m", own).pixels().shape())
                .hasToString("(2, 3, 8, 12)");
        assertMalformed(() -> reader.read(MULTIPART, body(multipart(small, large)), "m", own))
                .hasMessageContaining("is 10x20 pixels but")
                .hasMessageContaining("pictures of one request must share a size");
    }

    private static final MediaType MULTIPART = MediaType.parseMediaType("multipart/form-data; boundary=b0undary");

    @Test
    void multipart_isOneRowPerPartInOrder() throws IOException {
        byte[] body = multipart(png(0xFF0000), png(0x0000FF));

        DecodedInput.Images images = reader.read(MediaType.parseMediaType("multipart/form-data; boundary=b0undary"),
                body(body), "m", SPEC);

        assertThat(images.listed()).isTrue();
        assertThat(images.pixels().shape()).hasToString("(2, 3, 4, 6)");
        assertThat(images.pixels().getDouble(0)).isEqualTo(1.0);
        assertThat(images.pixels().getDouble(3 * 4 * 6 + 2 * 4 * 6)).isEqualTo(1.0);
    }

    @Test
    void base64Json_isOneRowPerInstance() {
        String json = "{\"instances\": [{\"b64\": \"" + Base64.getEncoder().encodeToString(png(0x00FF00)) + "\"}]}";

        DecodedInput.Images images = reader.readJson(json.getBytes(StandardCharsets.UTF_8), "m", SPEC);

        assertThat(images.listed()).isTrue();
        assertThat(images.pixels().shape()).hasToString("(1, 3, 4, 6)");
    }

    @Test
    void badSecondInstance_isNamed() {
        String json = "{\"instances\": [{\"b64\": \"" + Base64.getEncoder().encodeToString(png(0x00FF00))
                + "\"}, {\"b64\": \"AAAA\"}]}";

        assertMalformed(() -> reader.readJson(json.getBytes(StandardCharsets.UTF_8), "m", SPEC))
                .hasMessage("instances[1] is not a PNG or JPEG image: it starts with bytes 00 00 00");
    }

    @Test
    void otherImageTypes_are415() {
        assertProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                () -> reader.read(MediaType.IMAGE_GIF, body(new byte[1]), "m", SPEC))
                .hasMessage("Content-Type 'image/gif' is not supported: send JPEG or PNG as image/jpeg, image/png or "
                        + "application/x-image");
    }

    @Test
    void modelWithoutAnImageSpec_is415NamingIt() {
        assertProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                () -> reader.read(MediaType.IMAGE_PNG, body(png(0)), "iris", null))
                .hasMessageStartingWith("model 'iris' takes no pictures: its manifest has no \"image\" section");
    }

    @Test
    void pictureTypes_includeMultipartAndSageMakersImageType() {
        assertThat(ImageRequestReader.isPictureType(MediaType.parseMediaType("application/x-image"))).isTrue();
        assertThat(ImageRequestReader.isPictureType(MediaType.parseMediaType("multipart/form-data; boundary=x")))
                .isTrue();
        assertThat(ImageRequestReader.isPictureType(MediaType.IMAGE_JPEG)).isTrue();
        assertThat(ImageRequestReader.isPictureType(MediaType.APPLICATION_JSON)).isFalse();
        assertThat(ImageRequestReader.isPictureType(MediaType.parseMediaType("application/x-npy"))).isFalse();
    }

    @Test
    void noMorePicturesDecodeAtOnceThanAllowed() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ImageRequestReader limited = new ImageRequestReader(new ImageLimits(1_000_000, 4, 2), (bytes, name) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        });
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                requests.add(pool.submit(() -> limited.read(MediaType.IMAGE_PNG, body(new byte[] {1}), "m", SPEC)));
            }
            for (Future<?> request : requests) {
                request.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isBetween(1, 2);
    }

    private static ByteArrayInputStream body(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] png(int colour) {
        BufferedImage image = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                image.setRGB(x, y, colour);
            }
        }
        return TestPictures.encode(image, "png");
    }

    private static byte[] multipart(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            out.write(("--b0undary\r\nContent-Disposition: form-data; name=\"p" + i + "\"; filename=\"p" + i
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(parts[i]);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
