package io.edgeserve.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.edgeserve.SharedModels;
import io.edgeserve.metrics.MetricNames;
import io.edgeserve.security.TestCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway with its embedded broker (Moquette, MQTT 3.1.1), end to end with the real engine: devices publish
 * requests as the 3.1.1 convention says and read the replies; a device with a certificate from the device CA uses
 * the TLS port, one without is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedBrokerTest {

    private static final int PORT = MosquittoBroker.freePort();
    private static final int TLS_PORT = MosquittoBroker.freePort();
    private static final String LINREG = "sagemaker-linreg";
    private static final byte[] LINREG_BODY = "[[1, 2]]".getBytes(StandardCharsets.UTF_8);
    private static TestCertificates.Authority deviceCa;
    private static TestCertificates.Issued server;
    private static TestDevice.V3 device;

    @LocalServerPort
    int httpPort;

    @Autowired
    MeterRegistry meters;

    RequestSpecification api;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-mqtt-embedded-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), LINREG, "cifar-resnet20-v1");
        deviceCa = TestCertificates.authority("edgeserve test device CA");
        server = TestCertificates.authority("edgeserve test server CA").server("gateway");
        server.writePem(root.resolve("server.crt"), root.resolve("server.key"));
        deviceCa.writePem(root.resolve("devices-ca.crt"));
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.work-dir", () -> root.resolve("work").toString());
        registry.add("edgeserve.mqtt.enabled", () -> "true");
        registry.add("edgeserve.mqtt.client-id", () -> "gateway");
        registry.add("edgeserve.mqtt.max-payload", () -> "64KB");
        registry.add("edgeserve.mqtt.embedded.host", () -> "127.0.0.1");
        registry.add("edgeserve.mqtt.embedded.port", () -> PORT);
        registry.add("edgeserve.mqtt.embedded.tls-port", () -> TLS_PORT);
        registry.add("edgeserve.mqtt.embedded.tls-bundle", () -> "devices");
        registry.add("spring.ssl.bundle.pem.devices.keystore.certificate", () -> root.resolve("server.crt").toString());
        registry.add("spring.ssl.bundle.pem.devices.keystore.private-key", () -> root.resolve("server.key").toString());
        registry.add("spring.ssl.bundle.pem.devices.truststore.certificate",
                () -> root.resolve("devices-ca.crt").toString());
    }

    @BeforeAll
    static void sharedModels() {
        SharedModels.assumePresent();
    }

    @BeforeEach
    void connected() throws Exception {
        api = new RequestSpecBuilder().setPort(httpPort).build();
        for (int i = 0; i < 600 && !given(api).get("/ping").asString().contains("\"connected\""); i++) {
            Thread.sleep(50);
        }
        if (device == null) {
            device = new TestDevice.V3("tcp://127.0.0.1:" + PORT, "device-1");
        }
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (device != null) {
            device.close();
            device = null;
        }
    }

    @Test
    void linreg_answersAsOverHttp() throws Exception {
        assertThat(device.ask(LINREG, "linreg-1", LINREG_BODY).text()).isEqualTo("[[4.9999918937683105]]");
    }

    @Test
    void deviceWithoutAClientId_isAnswered() throws Exception {
        // As mosquitto_pub connects without -i: an empty client id in a clean session, the broker assigns one.
        org.eclipse.paho.client.mqttv3.MqttClient anonymous = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + PORT, "", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        anonymous.connect(options);
        try {
            java.util.concurrent.CompletableFuture<String> reply = new java.util.concurrent.CompletableFuture<>();
            anonymous.subscribe("edgeserve/replies/sensor-9/+", 1,
                    (topic, message) -> reply.complete(new String(message.getPayload(), StandardCharsets.UTF_8)));
            anonymous.publish("edgeserve/models/" + LINREG + "/invoke/sensor-9/r1", LINREG_BODY, 1, false);

            assertThat(reply.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("[[4.9999918937683105]]");
        } finally {
            anonymous.disconnect();
            anonymous.close();
        }
    }

    @Test
    void csvNamedInTheRequestLevel_isAnsweredAsCsv() throws Exception {
        assertThat(device.ask(LINREG, "csv-1;type=csv;accept=csv", "1,2\n".getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("4.9999918937683105\n");
    }

    @Test
    void cifarTile_getsItsLabel() throws Exception {
        byte[] tile = Files.readAllBytes(SharedModels.cifarSamples().resolve("airplane_0.png"));
        JsonPath answer = JsonPath.from(device.ask("cifar-resnet20-v1", "tile-1;top_k=1", tile).text());
        assertThat(answer.getList("predictions")).hasSize(1);
        assertThat(answer.getString("predictions[0].label")).isEqualTo("airplane");
    }

    @Test
    void unknownModel_getsModelNotFoundProblem() throws Exception {
        JsonPath problem = JsonPath.from(device.ask("no-such-model", "unknown-1", LINREG_BODY).text());
        assertThat(problem.getString("type")).isEqualTo("https://edgeserve.io/problems/model-not-found");
        assertThat(problem.getInt("status")).isEqualTo(404);
    }

    @Test
    void badBody_getsMalformedBodyProblem() throws Exception {
        JsonPath problem = JsonPath.from(device.ask(LINREG, "bad-1", "[[1, 2".getBytes(StandardCharsets.UTF_8)).text());
        assertThat(problem.getString("type")).isEqualTo("https://edgeserve.io/problems/malformed-body");
        assertThat(problem.getInt("status")).isEqualTo(400);
    }

    @Test
    void wrongShape_getsShapeMismatchProblem() throws Exception {
        JsonPath problem = JsonPath.from(device.ask(LINREG, "shape-1", "[[1, 2, 3]]".getBytes(StandardCharsets.UTF_8))
                .text());
        assertThat(problem.getString("type")).isEqualTo("https://edgeserve.io/problems/shape-mismatch");
    }

    @Test
    void oversizedPayload_getsPayloadTooLargeProblem_andIsCounted() throws Exception {
        double before = refusals("too_large");
        JsonPath problem = JsonPath.from(device.ask(LINREG, "big-1", new byte[65 * 1024]).text());
        assertThat(problem.getString("type")).isEqualTo("https://edgeserve.io/problems/payload-too-large");
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(refusals("too_large")).isEqualTo(before + 1);
    }

    @Test
    void malformedRequestLevel_getsProblemOnItsReplyTopic() throws Exception {
        JsonPath problem = JsonPath.from(device.ask(LINREG, "odd-1;nonsense", LINREG_BODY).text());
        assertThat(problem.getString("type")).isEqualTo("https://edgeserve.io/problems/invalid-request");
    }

    @Test
    void malformedTopicWithoutReplyTopic_isCounted() throws Exception {
        double before = refusals("malformed_topic");
        device.publish("edgeserve/models//invoke", LINREG_BODY);
        for (int i = 0; i < 200 && refusals("malformed_topic") == before; i++) {
            Thread.sleep(10);
        }
        assertThat(refusals("malformed_topic")).isEqualTo(before + 1);
    }

    @Test
    void redeliveredRequest_isAnsweredAgain_notComputedTwice() throws Exception {
        double before = mqttRequests();
        String first = device.ask(LINREG, "again-1", LINREG_BODY).text();
        device.forget("again-1");
        String second = device.ask(LINREG, "again-1", LINREG_BODY).text();
        assertThat(second).isEqualTo(first);
        assertThat(mqttRequests()).isEqualTo(before + 1);
        assertThat(meters.get(MetricNames.MQTT_DUPLICATES).counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void ping_reportsTheBrokerConnection_fallenBackTo311() {
        // Moquette 0.17 refuses MQTT 5: the gateway's client falls back to 3.1.1 and says so.
        given(api).get("/ping").then().statusCode(200)
                .body("transports.mqtt.state", equalTo("connected"))
                .body("transports.mqtt.protocol", equalTo("3.1.1"))
                .body("transports.mqtt.subscription", equalTo("plain"));
        assertThat(meters.get(MetricNames.MQTT_CONNECTED).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void deviceWithCertificateFromTheDeviceCa_isAnsweredOverTls() throws Exception {
        TestCertificates.Issued certificate = deviceCa.device("device-tls");
        try (TestDevice.V3 tls = new TestDevice.V3("ssl://127.0.0.1:" + TLS_PORT, "device-tls",
                certificate.clientContext(server.issuer()).getSocketFactory())) {
            assertThat(tls.ask(LINREG, "tls-1", LINREG_BODY).text()).isEqualTo("[[4.9999918937683105]]");
        }
    }

    @Test
    void deviceWithCertificateFromAnotherCa_isRefusedAtTls() {
        TestCertificates.Issued stranger = TestCertificates.authority("someone else").device("stranger");
        assertThatThrownBy(() -> new TestDevice.V3("ssl://127.0.0.1:" + TLS_PORT, "stranger",
                stranger.clientContext(server.issuer()).getSocketFactory()).close())
                .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);
    }

    @Test
    void everyMqttMetricTheDashboardReads_isExported() throws IOException {
        String dashboard = Files.readString(Path.of("docs", "grafana-dashboard.json"));
        java.util.Set<String> read = new java.util.TreeSet<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("edgeserve_mqtt_[a-z_]+").matcher(dashboard);
        while (names.find()) {
            read.add(names.group());
        }
        assertThat(read).hasSizeGreaterThanOrEqualTo(6);
        String exported = given(api).get("/metrics").asString();
        for (String name : read) {
            assertThat(exported).as(name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    private double refusals(String reason) {
        Counter counter = meters.find(MetricNames.MQTT_REFUSALS).tag(MetricNames.REASON, reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double mqttRequests() {
        return meters.find(MetricNames.REQUESTS).tag(MetricNames.TRANSPORT, "mqtt").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
