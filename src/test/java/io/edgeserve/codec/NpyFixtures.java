package io.edgeserve.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy-written files from src/test/resources/codec, and hand-made .npy bytes for what NumPy never writes. */
final class NpyFixtures {

    private NpyFixtures() {}

    static byte[] resource(String name) {
        try (InputStream in = NpyFixtures.class.getResourceAsStream("/codec/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource codec/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version 1.0 file with this header text, unpadded, followed by {@code data}. */
    static byte[] npy(String header, byte[] data) {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) text.length).array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] littleEndianFloats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }
}
