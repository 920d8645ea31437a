package io.edgeserve.invocation;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may not exceed a byte limit: a declared {@code Content-Length} over it is refused
 * before anything is read, and a chunked body is refused the moment it passes the limit, so an oversized
 * body is never held in memory whole.
 */
final class BoundedBody extends FilterInputStream {

    private final long limit;
    private long consumed;

    private BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** @throws ProblemException 413 where {@code declaredLength} already exceeds the limit */
    static BoundedBody of(InputStream body, long declaredLength, long limit) {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        return new BoundedBody(body, limit);
    }

    @Override
    public int read() throws IOException {
        int value = super.read();
        if (value >= 0) {
            count(1);
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            count(read);
        }
        return read;
    }

    /** The bytes read so far. */
    long consumed() {
        return consumed;
    }

    private void count(int bytes) {
        consumed += bytes;
        if (consumed > limit) {
            throw tooLarge(limit);
        }
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the request body exceeds the limit of " + limit
                + " bytes (edgeserve.max-request-size)").with("maxBytes", limit);
    }
}
