package io.edgeserve.uplink;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of an HTTP/1.1 server that a test controls: it can cut, stall or corrupt the next message
 * body at a chosen byte, refuse connections, and count the body bytes it forwarded. Real sockets, real clients:
 * what a flaky 2G link does to a download, on demand.
 *
 * <p>It reads just enough HTTP to find bodies (request and status lines, {@code Content-Length}, HEAD, 1xx, 204,
 * 304), so a fault lands at a body offset whatever the headers' length. A connection whose message has no length
 * (chunked) is forwarded untouched from then on. Each fault fires once, on the first body in its direction that is
 * longer than its offset, so small bodies before it (a catalogue before a model file) pass through.
 */
public final class FaultyProxy implements AutoCloseable {

    /** What to do to a body when its byte {@code atByte} is reached. */
    private record Fault(Kind kind, long atByte, Duration stall) {}

    private enum Kind { CUT, STALL, CORRUPT }

    private static final Pattern CONTENT_LENGTH =
            Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding:.*chunked");

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicReference<Fault> responseFault = new AtomicReference<>();
    private final AtomicReference<Fault> requestFault = new AtomicReference<>();
    private final AtomicLong responseBodyBytes = new AtomicLong();
    private final AtomicLong requestBodyBytes = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private final Set<String> forbiddenPaths = ConcurrentHashMap.newKeySet();

    private FaultyProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Starts a proxy on a free loopback port that forwards to {@code port} on loopback. */
    public static FaultyProxy start(int port) throws IOException {
        var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var proxy = new FaultyProxy(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofVirtual().name("faulty-proxy-accept").start(proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Closes the connection once the next response body longer than {@code atByte} has passed that many bytes. */
    public void cutResponseOnce(long atByte) {
        responseFault.set(new Fault(Kind.CUT, atByte, Duration.ZERO));
    }

    /** Holds the next response body longer than {@code atByte} at that byte for {@code stall}, then goes on. */
    public void stallResponseOnce(long atByte, Duration stall) {
        responseFault.set(new Fault(Kind.STALL, atByte, stall));
    }

    /** Flips every bit of byte {@code atByte} of the next response body longer than that. */
    public void corruptResponseOnce(long atByte) {
        responseFault.set(new Fault(Kind.CORRUPT, atByte, Duration.ZERO));
    }

    /** Closes the connection once the next request body longer than {@code atByte} has passed that many bytes. */
    public void cutRequestOnce(long atByte) {
        requestFault.set(new Fault(Kind.CUT, atByte, Duration.ZERO));
    }

    /** While set, new connections are accepted and closed at once (the store is "unreachable"). */
    public void refuseConnections(boolean refuse) {
        this.refusing = refuse;
    }

    /**
     * From now on answers every request whose path contains {@code pathPart} itself, with S3's 403 AccessDenied,
     * never forwarding it: a store whose policy refuses one object.
     */
    public void forbid(String pathPart) {
        forbiddenPaths.add(pathPart);
    }

    /** Closes every connection that is open now, as a dropped link does. */
    public void cutAll() {
        open.forEach(FaultyProxy::closeQuietly);
    }

    /** Response body bytes forwarded to clients so far (what a download cost on the link). */
    public long responseBodyBytes() {
        return responseBodyBytes.get();
    }

    /** Request body bytes forwarded to the server so far (what an upload cost on the link). */
    public long requestBodyBytes() {
        return requestBodyBytes.get();
    }

    /** Connections accepted so far, refused ones included. */
    public long connections() {
        return connections.get();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cutAll();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Thread.ofVirtual().name("faulty-proxy-conn").start(() -> connect(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        var server = new Socket();
        open.add(client);
        open.add(server);
        try {
            server.connect(target, 5_000);
            Queue<String> methods = new ConcurrentLinkedQueue<>();
            Thread upstream = Thread.ofVirtual().name("faulty-proxy-up")
                    .start(() -> pump(client, server, false, methods));
            pump(server, client, true, methods);
            upstream.join();
        } catch (IOException | InterruptedException e) {
            // the connection ends either way
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    /** Forwards one direction message by message until either side closes. */
    private void pump(Socket from, Socket to, boolean responses, Queue<String> methods) {
        try {
            InputStream in = new BufferedInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    break;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                if (!responses && isForbidden(text)) {
                    answerForbidden(from, in, text);
                    break;
                }
                out.write(head);
                out.flush();
                long length = bodyLength(text, responses, methods);
                if (length < 0) {
                    in.transferTo(out);
                    break;
                }
                if (!forwardBody(in, out, length, responses)) {
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            // a closed socket ends the pump
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private boolean isForbidden(String head) {
        String requestLine = head.substring(0, Math.max(0, head.indexOf('\r')));
        return forbiddenPaths.stream().anyMatch(requestLine::contains);
    }

    /**
     * Answers 403 AccessDenied as S3 does and closes the connection, reading the request body first unless the client
     * waits for a 100 Continue (then it sends none), so that the client reads the answer rather than a reset.
     */
    private static void answerForbidden(Socket client, InputStream in, String head) throws IOException {
        if (!head.toLowerCase(Locale.ROOT).contains("expect: 100-continue")) {
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (length.find()) {
                in.skipNBytes(Long.parseLong(length.group(1)));
            }
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                + "<Message>Access Denied</Message></Error>").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        client.shutdownOutput();
        client.setSoTimeout(5_000);
        try {
            in.transferTo(OutputStream.nullOutputStream()); // until the client has read the answer and closed
        } catch (IOException ignored) {
            // closed or timed out: either way the answer was sent
        }
    }

    private static long bodyLength(String head, boolean response, Queue<String> methods) {
        String firstLine = head.substring(0, Math.max(0, head.indexOf('\r')));
        if (!response) {
            methods.add(firstLine.split(" ", 2)[0].toUpperCase(Locale.ROOT));
        } else {
            int status = Integer.parseInt(firstLine.split(" ")[1]);
            if (status < 200) {
                return 0;
            }
            String method = methods.poll();
            if ("HEAD".equals(method) || status == 204 || status == 304) {
                return 0;
            }
        }
        if (CHUNKED.matcher(head).find()) {
            return -1;
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return Long.parseLong(length.group(1));
        }
        return response ? -1 : 0;
    }

    /** Forwards {@code length} body bytes, applying a fault if one is armed; false if the connection was cut. */
    private boolean forwardBody(InputStream in, OutputStream out, long length, boolean response)
            throws IOException, InterruptedException {
        AtomicReference<Fault> armed = response ? responseFault : requestFault;
        AtomicLong counter = response ? responseBodyBytes : requestBodyBytes;
        Fault fault = armed.get();
        if (fault != null && (length <= fault.atByte() || !armed.compareAndSet(fault, null))) {
            fault = null;
        }
        byte[] buffer = new byte[8192];
        long position = 0;
        while (position < length) {
            int wanted = (int) Math.min(buffer.length, length - position);
            if (fault != null && position <= fault.atByte() && fault.atByte() < position + wanted) {
                wanted = (int) (fault.atByte() - position);
                if (wanted == 0) {
                    switch (fault.kind()) {
                        case CUT -> {
                            out.flush();
                            return false;
                        }
                        case STALL -> {
                            out.flush();
                            Thread.sleep(fault.stall().toMillis());
                        }
                        case CORRUPT -> {
                            int b = in.read();
                            if (b < 0) {
                                return false;
                            }
                            out.write(b ^ 0xFF);
                            position++;
                            counter.incrementAndGet();
                        }
                    }
                    fault = null;
                    continue;
                }
            }
            int read = in.read(buffer, 0, wanted);
            if (read < 0) {
                return false;
            }
            out.write(buffer, 0, read);
            out.flush();
            position += read;
            counter.addAndGet(read);
        }
        return true;
    }

    /** The bytes up to and including the blank line after the headers, or null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
