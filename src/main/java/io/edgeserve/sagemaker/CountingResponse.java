package io.edgeserve.sagemaker;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.http.HttpHeaders;

/** A response that counts the body bytes written to it, for the response-size histogram. */
final class CountingResponse extends HttpServletResponseWrapper {

    private CountingOutput output;

    CountingResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new CountingOutput(super.getOutputStream());
        }
        return output;
    }

    /** The body's size: the bytes written through the stream, or the declared length where a writer was used. */
    long bodyBytes() {
        long written = output == null ? 0 : output.count;
        String declared = getHeader(HttpHeaders.CONTENT_LENGTH);
        if (written == 0 && declared != null) {
            try {
                return Long.parseLong(declared);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return written;
    }

    private static final class CountingOutput extends ServletOutputStream {

        private final ServletOutputStream delegate;
        private long count;

        CountingOutput(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            delegate.write(buffer, offset, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
