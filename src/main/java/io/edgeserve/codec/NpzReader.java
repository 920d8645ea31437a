package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads {@code application/x-npz} bodies, NumPy's {@code np.savez} archives (stored or compressed), into
 * tensors named as {@code np.load} names them: each member's file name without {@code .npy}, in archive
 * order. Members that are not {@code .npy} files are refused.
 *
 * <p>The compressed body is held in memory (the HTTP layer bounds its size) so that its end can be checked
 * first: a zip stream read front to back cannot tell an archive cut between two members from a whole one.
 * Members are then inflated as a stream through {@link NpyReader} against one {@link ElementBudget}, so a
 * small archive cannot inflate past the limits.
 */
final class NpzReader implements TensorReader {

    private static final String NPY_SUFFIX = ".npy";
    private static final int END_RECORD_BYTES = 22;
    private static final int MAX_COMMENT_BYTES = 0xFFFF;

    private final CodecLimits limits;

    NpzReader(CodecLimits limits) {
        this.limits = limits;
    }

    @Override
    public DecodedInput read(InputStream body) throws IOException {
        byte[] archive = body.readAllBytes();
        if (!startsWith(archive, 0, 'P', 'K', 3, 4)) {
            throw ProblemException.malformed("the body is not an NPZ archive: it does not start as a zip file does");
        }
        if (!endsWithEndRecord(archive)) {
            throw ProblemException.malformed("the NPZ archive is truncated: it lacks the record that ends a zip file");
        }
        ElementBudget budget = new ElementBudget(limits.maxElements());
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = nextEntry(zip); entry != null; entry = nextEntry(zip)) {
                if (!entry.isDirectory()) {
                    String file = entry.getName();
                    String name = arrayName(file, tensors);
                    tensors.put(name, NpyReader.readArray(zip, budget, "NPZ member " + Detail.quote(file)));
                }
            }
        } catch (EOFException e) {
            throw ProblemException.malformed("the NPZ archive is truncated", e);
        } catch (ZipException e) {
            throw ProblemException.malformed("the NPZ archive is not a valid zip file: " + e.getMessage(), e);
        }
        if (tensors.isEmpty()) {
            throw ProblemException.malformed("the NPZ archive holds no arrays");
        }
        return new DecodedInput.Named(tensors);
    }

    /**
     * The next member. A name that is not valid in the archive's encoding is a {@code ZipException} on JDK 25,
     * but an {@code IllegalArgumentException} on the JDK 17 (and, by the same code, 21) that edgeserve also runs on.
     */
    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new ZipException("a member's name is not valid UTF-8");
        }
    }

    /** The tensor name for a member, checked against those already read. */
    private String arrayName(String file, SequencedMap<String, Tensor> tensors) {
        if (!file.endsWith(NPY_SUFFIX)) {
            throw ProblemException.malformed("NPZ member " + Detail.quote(file) + " is not an .npy file");
        }
        String name = file.substring(0, file.length() - NPY_SUFFIX.length());
        if (tensors.containsKey(name)) {
            throw ProblemException.malformed("NPZ member " + Detail.quote(file) + " appears twice");
        }
        if (tensors.size() == limits.maxInputs()) {
            throw ProblemException.malformed("the NPZ archive holds more than " + limits.maxInputs()
                    + " arrays, the most one request may carry");
        }
        return name;
    }

    /** Whether the archive ends in an end-of-central-directory record: its signature, fields, and comment. */
    private static boolean endsWithEndRecord(byte[] archive) {
        int last = archive.length - END_RECORD_BYTES;
        for (int at = last; at >= 0 && at >= last - MAX_COMMENT_BYTES; at--) {
            if (startsWith(archive, at, 'P', 'K', 5, 6)) {
                int commentLength = (archive[at + 20] & 0xFF) | (archive[at + 21] & 0xFF) << 8;
                if (at + END_RECORD_BYTES + commentLength == archive.length) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int at, int... signature) {
        if (at + signature.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (bytes[at + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
