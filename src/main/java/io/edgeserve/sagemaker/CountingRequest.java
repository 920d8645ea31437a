package io.edgeserve.sagemaker;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/** A request that counts the body bytes its handler reads, for the request-size histogram. */
final class CountingRequest extends HttpServletRequestWrapper {

    private CountingInput input;

    CountingRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (input == null) {
            input = new CountingInput(super.getInputStream());
        }
        return input;
    }

    /**
     * The body's size: the bytes read, or the declared length where the body was refused unread (a 413 from its
     * {@code Content-Length}, a 406 before decoding), since that is what the client sent.
     */
    long bodyBytes() {
        long read = input == null ? 0 : input.count;
        return Math.max(read, getContentLengthLong());
    }

    private static final class CountingInput extends ServletInputStream {

        private final ServletInputStream delegate;
        private long count;

        CountingInput(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
