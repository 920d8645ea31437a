package io.edgeserve.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.EdgeserveApplication;
import io.edgeserve.SharedModels;
import io.edgeserve.metrics.MetricNames;
import io.edgeserve.security.TestCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateways on one Debian Mosquitto broker, as a fleet shares a site's devices: gateway A over plain MQTT, gateway
 * B over TLS with its own client certificate (the broker requires one), both with a shared subscription. Devices are
 * {@code mosquitto_pub}/{@code mosquitto_sub} (MQTT 5 and 3.1.1) and a Java MQTT 5 client. The broker is killed and
 * started again while requests flow, last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MosquittoGatewaysTest {

    private static final String LINREG = "sagemaker-linreg";
    private static final String LINREG_ANSWER = "[[4.9999918937683105]]";
    private static final byte[] LINREG_BODY = "[[1, 2]]".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static MosquittoBroker broker;
    private static int tlsPort;
    private static ConfigurableApplicationContext gatewayA;
    private static ConfigurableApplicationContext gatewayB;
    private static TestDevice.V5 device;

    @BeforeAll
    static void brokerAndGateways() throws Exception {
        SharedModels.assumePresent();
        MosquittoClients.assumeInstalled();
        TestCertificates.Authority ca = TestCertificates.authority("edgeserve test broker CA");
        ca.server("mosquitto").writePem(dir.resolve("broker.crt"), dir.resolve("broker.key"));
        ca.device("gateway-b").writePem(dir.resolve("gateway.crt"), dir.resolve("gateway.key"));
        ca.writePem(dir.resolve("ca.crt"));
        tlsPort = MosquittoBroker.freePort();
        broker = new MosquittoBroker(dir, "\nlistener " + tlsPort + " 127.0.0.1\ncafile " + dir.resolve("ca.crt")
                + "\ncertfile " + dir.resolve("broker.crt") + "\nkeyfile " + dir.resolve("broker.key")
                + "\nrequire_certificate true\n");
        Path models = SharedModels.linkedFolder(dir.resolve("models"), LINREG);
        CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> gateway("gateway-b",
                "--edgeserve.mqtt.broker=ssl://127.0.0.1:" + tlsPort, "--edgeserve.mqtt.ssl-bundle=mqtt",
                "--spring.ssl.bundle.pem.mqtt.keystore.certificate=" + dir.resolve("gateway.crt"),
                "--spring.ssl.bundle.pem.mqtt.keystore.private-key=" + dir.resolve("gateway.key"),
                "--spring.ssl.bundle.pem.mqtt.truststore.certificate=" + dir.resolve("ca.crt"),
                "--edgeserve.model-dir=" + models));
        gatewayA = gateway("gateway-a", "--edgeserve.mqtt.broker=" + broker.uri(), "--edgeserve.model-dir=" + models);
        gatewayB = b.get(180, TimeUnit.SECONDS);
        awaitConnected(gatewayA);
        awaitConnected(gatewayB);
        device = new TestDevice.V5(broker.uri(), "device-5");
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        for (ConfigurableApplicationContext gateway : new ConfigurableApplicationContext[] {gatewayA, gatewayB}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void mosquittoPub_mqtt5_isAnsweredOnItsResponseTopicWithCorrelationDataAndProperties() throws Exception {
        String[] reply = MosquittoClients.exchange(broker.port,
                List.of("-V", "mqttv5", "-t", "devices/sh5/replies", "-F", "%C|%D|%P|%p"),
                List.of("-V", "mqttv5", "-q", "1", "-t", "edgeserve/models/" + LINREG + "/invoke",
                        "-D", "publish", "response-topic", "devices/sh5/replies",
                        "-D", "publish", "correlation-data", "req-42",
                        "-D", "publish", "content-type", "application/json", "-m", "[[1, 2]]")).split("\\|", 4);
        assertThat(reply[0]).isEqualTo("application/json");
        assertThat(reply[1]).isEqualTo("req-42");
        assertThat(reply[2]).contains("status:200").contains("precision:float32");
        assertThat(reply[3]).isEqualTo(LINREG_ANSWER);
    }

    @Test
    @Order(2)
    void mosquittoPub_mqtt311_isAnsweredOnItsReplyTopic() throws Exception {
        assertThat(MosquittoClients.exchange(broker.port,
                List.of("-V", "mqttv311", "-t", "edgeserve/replies/sh3/r-7"),
                List.of("-V", "mqttv311", "-q", "1", "-t", "edgeserve/models/" + LINREG + "/invoke/sh3/r-7",
                        "-m", "[[1, 2]]"))).isEqualTo(LINREG_ANSWER);
    }

    @Test
    @Order(3)
    void mosquittoPub_unknownModel_getsProblemWithItsStatus() throws Exception {
        String[] reply = MosquittoClients.exchange(broker.port,
                List.of("-V", "mqttv5", "-t", "devices/sh5/problems", "-F", "%C|%P|%p"),
                List.of("-V", "mqttv5", "-t", "edgeserve/models/nope/invoke",
                        "-D", "publish", "response-topic", "devices/sh5/problems", "-m", "[[1, 2]]")).split("\\|", 3);
        assertThat(reply[0]).isEqualTo("application/problem+json");
        assertThat(reply[1]).contains("status:404");
        assertThat(reply[2]).contains("\"type\":\"https://edgeserve.io/problems/model-not-found\"");
    }

    @Test
    @Order(4)
    void twoGateways_withASharedSubscription_answerAThousandRequestsExactlyOnce() throws Exception {
        assertThat(ping(gatewayA)).contains("\"subscription\":\"shared\"").contains("\"protocol\":\"5\"");
        double beforeA = mqttRequests(gatewayA);
        double beforeB = mqttRequests(gatewayB);
        int requests = 1000;
        Semaphore window = new Semaphore(48);
        List<CompletableFuture<TestDevice.Answer>> replies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            window.acquire();
            CompletableFuture<TestDevice.Answer> reply = send(device, "share-" + i);
            reply.whenComplete((answer, failure) -> window.release());
            replies.add(reply);
        }
        for (CompletableFuture<TestDevice.Answer> reply : replies) {
            TestDevice.Answer answer = reply.get(60, TimeUnit.SECONDS);
            assertThat(answer.text()).isEqualTo(LINREG_ANSWER);
        }
        Thread.sleep(500); // a second answer to any request would have arrived by now
        Map<String, Integer> counts = device.replyCounts();
        for (int i = 0; i < requests; i++) {
            assertThat(counts.get(TestDevice.V5.hex("share-" + i))).as("replies to share-" + i).isEqualTo(1);
        }
        double byA = mqttRequests(gatewayA) - beforeA;
        double byB = mqttRequests(gatewayB) - beforeB;
        assertThat(byA + byB).isEqualTo(requests);
        assertThat(byA).as("gateway A's share").isPositive();
        assertThat(byB).as("gateway B's share (over TLS)").isPositive();
    }

    @Test
    @Order(5)
    void brokerKilledAndRestarted_httpKeepsServing_mqttRecovers_everyRequestAnsweredOrCounted() throws Exception {
        RequestSpecification http = new RequestSpecBuilder().setPort(httpPort(gatewayA)).build();
        double reconnectsBefore = gauge(gatewayA, MetricNames.MQTT_RECONNECTS);
        int sent = 0;
        int answered = 0;
        int lost = 0;
        for (int i = 0; i < 5; i++, sent++) {
            answered += answeredWithin(device, "before-" + i, 5) ? 1 : 0;
        }
        broker.kill();
        for (int i = 0; i < 5; i++) {
            // the device cannot publish while the broker is away: each attempt is a request lost and counted
            sent++;
            lost += answeredWithin(device, "during-" + i, 0) ? 0 : 1;
            given(http).contentType("application/json").body("[[1, 2]]").post("/invocations").then().statusCode(200)
                    .body(org.hamcrest.Matchers.equalTo(LINREG_ANSWER));
        }
        await(() -> !ping(gatewayA).contains("\"state\":\"connected\""));
        assertThat(ping(gatewayA)).contains("\"status\":\"healthy\"").contains("\"reason\"");
        broker.start();
        awaitConnected(gatewayA);
        awaitConnected(gatewayB);
        await(device::connected);
        int answeredAfter = 0;
        for (int i = 0; i < 10; i++, sent++) {
            boolean ok = answeredWithin(device, "after-" + i, 10);
            answered += ok ? 1 : 0;
            lost += ok ? 0 : 1;
            answeredAfter += ok ? 1 : 0;
        }
        assertThat(answered + lost).isEqualTo(sent);
        assertThat(answeredAfter).as("answered after the broker came back").isEqualTo(10);
        assertThat(gauge(gatewayA, MetricNames.MQTT_RECONNECTS)).isGreaterThan(reconnectsBefore);
    }

    private static boolean answeredWithin(TestDevice.V5 device, String id, int seconds) throws Exception {
        CompletableFuture<TestDevice.Answer> reply;
        try {
            reply = device.send(LINREG, id, "application/json", LINREG_BODY, Map.of());
        } catch (MqttException notConnected) {
            return false;
        }
        try {
            return reply.get(Math.max(seconds, 1), TimeUnit.SECONDS).text().equals(LINREG_ANSWER);
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Sends, waiting while the client's window of unacknowledged publishes is full. */
    private static CompletableFuture<TestDevice.Answer> send(TestDevice.V5 device, String id) throws Exception {
        while (true) {
            try {
                return device.send(LINREG, id, "application/json", LINREG_BODY, Map.of());
            } catch (MqttException e) {
                if (e.getReasonCode() != PublishRetry.MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(2);
            }
        }
    }

    private static ConfigurableApplicationContext gateway(String clientId, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--edgeserve.work-dir=" + dir.resolve("work-" + clientId), "--edgeserve.mqtt.enabled=true",
                "--edgeserve.mqtt.client-id=" + clientId, "--edgeserve.mqtt.reconnect-min=100ms",
                "--edgeserve.mqtt.reconnect-max=500ms", "--logging.level.io.edgeserve.mqtt=WARN"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(EdgeserveApplication.class).run(args.toArray(String[]::new));
    }

    private static void awaitConnected(ConfigurableApplicationContext gateway) throws InterruptedException {
        await(() -> ping(gateway).contains("\"state\":\"connected\"") && !ping(gateway).contains("\"loading\""));
        assertThat(ping(gateway)).contains("\"state\":\"connected\"");
    }

    private static String ping(ConfigurableApplicationContext gateway) {
        return given().port(httpPort(gateway)).get("/ping").asString();
    }

    private static int httpPort(ConfigurableApplicationContext gateway) {
        return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    }

    private static double mqttRequests(ConfigurableApplicationContext gateway) {
        return gateway.getBean(MeterRegistry.class).find(MetricNames.REQUESTS).tag(MetricNames.TRANSPORT, "mqtt")
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double gauge(ConfigurableApplicationContext gateway, String name) {
        Counter counter = gateway.getBean(MeterRegistry.class).find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }
}
