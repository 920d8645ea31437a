package io.edgeserve.sagemaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's view of this process's TCP connections (Linux's {@code /proc/self/net/tcp} and {@code tcp6}): which
 * ones the peer has closed. Reading the table never touches a socket, so it cannot disturb what Tomcat has read or
 * buffered, pipelined requests included. One reading serves every caller for {@link #FRESH_NANOS}, so many waiting
 * requests cost one scan. Where the table cannot be read (not Linux), nothing is ever reported closed.
 */
final class TcpStates {

    /**
     * How long one reading of the table answers every question: the kernel writes a line per connection of the
     * whole network namespace for every reading, so readings are kept few whatever the number of waiting requests:
     * at 50 ms they still took a fifth of the CPU samples of resnet20 at c=32 on a build machine whose namespace
     * held about 900 sockets; in a container of its own the table holds only the service's connections.
     */
    static final long FRESH_NANOS = 200_000_000;

    private static final List<Path> TABLES = List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));
    /** The kernel's state numbers: the peer sent FIN (CLOSE_WAIT), or the connection was reset (CLOSE). */
    private static final int CLOSE = 0x07;
    private static final int CLOSE_WAIT = 0x08;
    private static final int LISTEN = 0x0A;
    private static final int CONFLICT = -1;

    private final List<Path> tables;
    private long readAtNanos;
    private boolean readOnce;
    /** State by (local port, remote port); {@link #CONFLICT} where two connections share the pair. */
    private Map<Long, Integer> states = Map.of();
    private Map<Integer, Boolean> listening = Map.of();

    TcpStates() {
        this(TABLES);
    }

    TcpStates(List<Path> tables) {
        this.tables = tables;
    }

    /** {@link #closedByPeer(int, int, long, long)} for a connection known to be open since the table's first reading. */
    synchronized boolean closedByPeer(int localPort, int remotePort, long nowNanos) {
        return closedByPeer(localPort, remotePort, Long.MIN_VALUE, nowNanos);
    }

    /**
     * True where the connection from {@code remotePort} to {@code localPort} is certainly closed by its peer: in
     * CLOSE_WAIT or CLOSE, or gone from the table while the port it came to still listens. A connection missing from a
     * reading older than {@code openByNanos} (when it was known to be open) may simply be newer than the reading, so
     * the table is read again before its absence counts.
     */
    synchronized boolean closedByPeer(int localPort, int remotePort, long openByNanos, long nowNanos) {
        if (!readOnce || nowNanos - readAtNanos - FRESH_NANOS >= 0) {
            read(nowNanos);
        }
        Integer state = states.get(key(localPort, remotePort));
        if (state == null && openByNanos != Long.MIN_VALUE && readAtNanos - openByNanos < 0) {
            read(nowNanos);
            state = states.get(key(localPort, remotePort));
        }
        if (state == null) {
            return listening.getOrDefault(localPort, false); // reset and released by the kernel already
        }
        return state == CLOSE_WAIT || state == CLOSE;
    }

    private void read(long nowNanos) {
        readAtNanos = nowNanos;
        readOnce = true;
        Map<Long, Integer> connections = new HashMap<>();
        Map<Integer, Boolean> listeners = new HashMap<>();
        for (Path table : tables) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | RuntimeException e) {
                continue; // no such table here: nothing is reported closed
            }
            for (int i = 1; i < lines.size(); i++) {
                parse(lines.get(i), connections, listeners);
            }
        }
        states = connections;
        listening = listeners;
    }

    /** {@code sl local_address rem_address st ...}, addresses as {@code HEX:PORT}, the state in hex. */
    private static void parse(String line, Map<Long, Integer> connections, Map<Integer, Boolean> listeners) {
        String[] fields = new String[4];
        int count = 0;
        for (int i = 0, n = line.length(); i < n && count < fields.length; ) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                fields[count++] = line.substring(start, i);
            }
        }
        if (count < fields.length) {
            return;
        }
        try {
            int localPort = port(fields[1]);
            int remotePort = port(fields[2]);
            int state = Integer.parseInt(fields[3], 16);
            if (state == LISTEN) {
                listeners.put(localPort, true);
            } else {
                connections.merge(key(localPort, remotePort), state, (a, b) -> CONFLICT);
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // a line of another shape: not a connection we could be asked about
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 32) | (remotePort & 0xFFFFFFFFL);
    }
}
