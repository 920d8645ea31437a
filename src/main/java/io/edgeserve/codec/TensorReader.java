package io.edgeserve.codec;

import java.io.IOException;
import java.io.InputStream;

/** Decodes one request body of one media type; throws a 400 {@code ProblemException} for a malformed body. */
interface TensorReader {

    /** Reads the whole body; an {@link IOException} means the body could not be read, not that it was bad. */
    DecodedInput read(InputStream body) throws IOException;
}
