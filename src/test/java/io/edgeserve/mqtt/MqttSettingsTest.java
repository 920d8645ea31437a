package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {

    private static MqttSettings settings(URI broker, String protocol, String prefix, int qos, String password) {
        return new MqttSettings(true, broker, null, password == null ? null : "gateway", password, null, protocol, prefix,
                true, "edgeserve", qos, null, 64, 1024, null, Duration.ofMillis(500), Duration.ofSeconds(30),
                new MqttSettings.Embedded("0.0.0.0", 1883, null, "edgeserve"));
    }

    @Test
    void noBroker_meansTheEmbeddedOne() {
        assertThat(settings(null, "auto", "edgeserve", 1, null).usesEmbeddedBroker()).isTrue();
        assertThat(settings(URI.create("ssl://broker:8883"), "5", "edgeserve", 1, null).usesEmbeddedBroker()).isFalse();
    }

    @Test
    void invalidSettings_areRefusedAtStart_sayingWhich() {
        assertThatThrownBy(() -> settings(URI.create("http://broker"), "auto", "edgeserve", 1, null))
                .hasMessageContaining("edgeserve.mqtt.broker");
        assertThatThrownBy(() -> settings(null, "4", "edgeserve", 1, null)).hasMessageContaining("edgeserve.mqtt.protocol");
        assertThatThrownBy(() -> settings(null, "auto", "edge/#", 1, null)).hasMessageContaining("topic-prefix");
        assertThatThrownBy(() -> settings(null, "auto", "edgeserve", 2, null)).hasMessageContaining("qos");
    }

    @Test
    void toString_hidesThePassword() {
        assertThat(settings(null, "auto", "edgeserve", 1, "hunter2").toString()).doesNotContain("hunter2")
                .contains("(secret)");
    }
}
