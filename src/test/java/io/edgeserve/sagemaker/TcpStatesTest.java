package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the kernel's connection table: which connections their peers closed, and nothing else. */
class TcpStatesTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    @TempDir
    Path dir;

    private TcpStates table(String... lines) throws IOException {
        Path tcp = dir.resolve("tcp");
        Files.writeString(tcp, HEADER + "\n" + String.join("\n", lines) + "\n");
        return new TcpStates(List.of(tcp, dir.resolve("absent")));
    }

    @Test
    void closeWaitAndReset_areClosed_establishedIsNot() throws IOException {
        TcpStates states = table(
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:1F90 0100007F:C350 08 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 0100007F:1F90 0100007F:C351 01 00000000:00000000 00:00000000 00000000     0        0 3 1",
                "   3: 0100007F:1F90 0100007F:C352 07 00000000:00000000 00:00000000 00000000     0        0 4 1");

        assertThat(states.closedByPeer(8080, 50000, 0)).isTrue();
        assertThat(states.closedByPeer(8080, 50001, 0)).isFalse();
        assertThat(states.closedByPeer(8080, 50002, 0)).isTrue();
    }

    @Test
    void connectionGoneFromTheTable_isClosedOnlyWhereItsPortStillListens() throws IOException {
        TcpStates states = table(
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1");

        assertThat(states.closedByPeer(8080, 50000, 0)).isTrue();
        assertThat(states.closedByPeer(9090, 50000, 0)).isFalse();
    }

    @Test
    void twoConnectionsOnTheSamePorts_areTakenToBeThere() throws IOException {
        TcpStates states = table(
                "   0: 0100007F:1F90 0100007F:C350 08 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   1: 0200000A:1F90 0300000A:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1");

        assertThat(states.closedByPeer(8080, 50000, 0)).isFalse();
    }

    @Test
    void noTableAtAll_reportsNothingClosed() {
        TcpStates states = new TcpStates(List.of(dir.resolve("absent")));

        assertThat(states.closedByPeer(8080, 50000, 0)).isFalse();
    }

    @Test
    void oneReading_answersUntilItIsStale() throws IOException {
        TcpStates states = table(
                "   0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1");
        long now = 123_456_789L;
        assertThat(states.closedByPeer(8080, 50000, now)).isFalse();
        Files.writeString(dir.resolve("tcp"), HEADER
                + "\n   0: 0100007F:1F90 0100007F:C350 08 00000000:00000000 00:00000000 00000000     0        0 2 1\n");

        assertThat(states.closedByPeer(8080, 50000, now + TcpStates.FRESH_NANOS - 1)).isFalse();
        assertThat(states.closedByPeer(8080, 50000, now + TcpStates.FRESH_NANOS)).isTrue();
    }

    @Test
    void connectionNewerThanTheReading_isReadAgainNotTakenForGone() throws IOException {
        TcpStates states = table(
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1");
        long now = 123_456_789L;
        assertThat(states.closedByPeer(8080, 40000, now)).isTrue(); // a reading without port 50000's connection
        Files.writeString(dir.resolve("tcp"), HEADER
                + "\n   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1"
                + "\n   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n");

        // Accepted after that reading, and asked about within its freshness: still the table is read again.
        assertThat(states.closedByPeer(8080, 50000, now + 1, now + 2)).isFalse();
    }
}
