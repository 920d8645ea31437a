package io.edgeserve.codec;

import static io.edgeserve.codec.NpyFixtures.littleEndianFloats;
import static io.edgeserve.codec.NpyFixtures.npy;
import static io.edgeserve.codec.NpyFixtures.resource;
import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzCodecTest {

    private static final String ONE_FLOAT = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}";

    private final NpzReader reader = new NpzReader(CodecLimits.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {"two_arrays.npz", "two_arrays_compressed.npz"})
    void numpyArchive_isReadAsArraysNamedByFileInArchiveOrder(String file) throws IOException {
        Map<String, Tensor> tensors = read(resource(file));

        assertThat(tensors.keySet()).containsExactly("data", "mask");
        assertThat(tensors.get("data").data()).isEqualTo(readNpy(resource("f4_2x3.npy")).data());
        assertThat(tensors.get("mask").dataType()).isEqualTo(DataType.BOOLEAN);
    }

    @Test
    void writtenArchive_readsBackWithNamesTypesAndValues() throws IOException {
        Tensor scores = NpyWriterTest.randomTensor(DataType.FLOAT32, Shape.of(2, 10));
        Tensor labels = NpyWriterTest.randomTensor(DataType.INT64, Shape.of(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new NpzWriter().write(List.of(new NamedTensor("scores", scores), new NamedTensor("labels", labels)), out);
        Map<String, Tensor> back = read(out.toByteArray());

        assertThat(back.keySet()).containsExactly("scores", "labels");
        assertThat(back.get("scores").data()).isEqualTo(scores.data());
        assertThat(back.get("labels").data()).isEqualTo(labels.data());
        assertThat(back.get("labels").dataType()).isEqualTo(DataType.INT64);
    }

    @Test
    void writtenMembers_areTheBytesNpySaveWrites() throws IOException {
        Tensor tensor = readNpy(resource("f4_2x3.npy"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new NpzWriter().write(List.of(new NamedTensor("data", tensor)), out);

        List<Map.Entry<String, byte[]>> members = members(out.toByteArray());
        assertThat(members).hasSize(1);
        assertThat(members.getFirst().getKey()).isEqualTo("data.npy");
        assertThat(members.getFirst().getValue()).isEqualTo(resource("f4_2x3.npy"));
    }

    @Test
    void memberThatIsNotNpy_isRejectedNamingIt() throws IOException {
        byte[] zip = zip(Map.of("notes.txt", "hello".getBytes()), ZipEntry.STORED);

        assertMalformed(() -> read(zip)).hasMessage("NPZ member 'notes.txt' is not an .npy file");
    }

    @Test
    void malformedMember_isRejectedNamingTheMember() throws IOException {
        byte[] zip = zip(Map.of("x.npy", Arrays.copyOf(resource("f4_2x3.npy"), 140)), ZipEntry.DEFLATED);

        assertMalformed(() -> read(zip))
                .hasMessage("NPZ member 'x.npy' data truncated after 12 bytes; a float32 array of shape (2, 3)"
                        + " needs 24");
    }

    @Test
    void memberNameThatIsNoUtf8_isRejected() throws IOException {
        // JDK 25's ZipInputStream calls this a ZipException; JDK 17's threw an IllegalArgumentException, a 500.
        byte[] zip = zip(Map.of("x\u00e9.npy", npy(ONE_FLOAT, littleEndianFloats(1))), ZipEntry.STORED);
        byte[] utf8 = "\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int at = indexOf(zip, utf8); at >= 0; at = indexOfOrMinusOne(zip, utf8)) {
            zip[at] = (byte) 0xff; // not UTF-8, though the entry's flags say its name is
        }

        assertMalformed(() -> read(zip)).hasMessageContaining("not a valid zip file");
    }

    @Test
    void bodyThatIsNotAZip_isRejected() {
        assertMalformed(() -> read(resource("f4_2x3.npy")))
                .hasMessage("the body is not an NPZ archive: it does not start as a zip file does");
    }

    @Test
    void archiveCutInsideAMember_isRejectedAsTruncated() {
        byte[] archive = resource("two_arrays_compressed.npz");

        assertMalformed(() -> read(Arrays.copyOf(archive, 100)))
                .hasMessage("the NPZ archive is truncated: it lacks the record that ends a zip file");
    }

    @Test
    void archiveCutBetweenMembers_isRejectedAsTruncated() {
        byte[] archive = resource("two_arrays.npz");
        int centralDirectory = indexOf(archive, new byte[] {'P', 'K', 1, 2});

        assertMalformed(() -> read(Arrays.copyOf(archive, centralDirectory)))
                .hasMessage("the NPZ archive is truncated: it lacks the record that ends a zip file");
    }

    @Test
    void archiveWithNoMembers_isRejected() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("folder/"));
            zip.closeEntry();
        }

        assertMalformed(() -> read(bytes.toByteArray())).hasMessage("the NPZ archive holds no arrays");
    }

    @Test
    void repeatedMember_isRejected() throws IOException {
        byte[] one = zip(Map.of("a.npy", npy(ONE_FLOAT, littleEndianFloats(1))), ZipEntry.STORED);
        int centralDirectory = indexOf(one, new byte[] {'P', 'K', 1, 2});
        // the member's local entry twice, then one central directory: what a careless concatenation gives
        byte[] twice = concat(Arrays.copyOf(one, centralDirectory), one);

        assertMalformed(() -> read(twice)).hasMessage("NPZ member 'a.npy' appears twice");
    }

    @Test
    void moreMembersThanTheLimit_areRejected() throws IOException {
        byte[] zip = zip(Map.of("a.npy", npy(ONE_FLOAT, littleEndianFloats(1)), "b.npy",
                npy(ONE_FLOAT, littleEndianFloats(2))), ZipEntry.STORED);
        NpzReader small = new NpzReader(new CodecLimits(32, 100, 1, 100));

        assertMalformed(() -> small.read(new ByteArrayInputStream(zip)))
                .hasMessage("the NPZ archive holds more than 1 arrays, the most one request may carry");
    }

    @Test
    void elementLimit_isSharedByAllMembers() throws IOException {
        byte[] zip = zip(Map.of("a.npy", npy(ONE_FLOAT, littleEndianFloats(1)), "b.npy",
                npy(ONE_FLOAT, littleEndianFloats(2))), ZipEntry.STORED);
        NpzReader small = new NpzReader(new CodecLimits(32, 1, 8, 100));

        assertMalformed(() -> small.read(new ByteArrayInputStream(zip)))
                .hasMessage("the body holds more than 1 numbers, the most one request may carry");
    }

    @Test
    void memberInflatingFarPastItsArray_isRejectedAtTheArraysEnd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bomb.npy"));
            zip.write(npy(ONE_FLOAT, littleEndianFloats(1)));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(100_000);

        assertMalformed(() -> read(bytes.toByteArray()))
                .hasMessage("NPZ member 'bomb.npy' has bytes after the 4 its header declares; send one array per body");
    }

    private Map<String, Tensor> read(byte[] body) throws IOException {
        DecodedInput input = reader.read(new ByteArrayInputStream(body));
        assertThat(input).isInstanceOf(DecodedInput.Named.class);
        return ((DecodedInput.Named) input).tensors();
    }

    private static Tensor readNpy(byte[] npy) throws IOException {
        return ((DecodedInput.Positional) new NpyReader(CodecLimits.DEFAULTS).read(new ByteArrayInputStream(npy)))
                .tensors().getFirst();
    }

    private static byte[] zip(Map<String, byte[]> members, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var member : new TreeMap<>(members).entrySet()) {
                ZipEntry entry = new ZipEntry(member.getKey());
                entry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(member.getValue());
                    entry.setSize(member.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(member.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int at = 0; at + part.length <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static int indexOfOrMinusOne(byte[] bytes, byte[] part) {
        try {
            return indexOf(bytes, part);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static List<Map.Entry<String, byte[]>> members(byte[] archive) throws IOException {
        List<Map.Entry<String, byte[]>> members = new ArrayList<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                members.add(Map.entry(entry.getName(), zip.readAllBytes()));
            }
        }
        return members;
    }
}
