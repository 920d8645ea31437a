package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HttpInvocationsTest {

    @Test
    void serverTiming_givesMillisecondsToTheMicrosecond() {
        assertThat(HttpInvocations.serverTiming(1_234_567)).isEqualTo("inference;dur=1.235");
        assertThat(HttpInvocations.serverTiming(12_003_400)).isEqualTo("inference;dur=12.003");
        assertThat(HttpInvocations.serverTiming(40_000)).isEqualTo("inference;dur=0.040");
        assertThat(HttpInvocations.serverTiming(0)).isEqualTo("inference;dur=0.000");
    }

    @Test
    void serverTiming_roundsAsAFormattedDecimalWould() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            long nanos = random.nextLong(0, 100_000_000_000L);
            if (nanos % 1_000 == 500) {
                continue; // exactly half a microsecond: the double the format rounds may lie either side
            }
            assertThat(HttpInvocations.serverTiming(nanos))
                    .isEqualTo("inference;dur=" + String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0));
        }
    }
}
