package io.edgeserve.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.edgeserve.hostile.HostileCorpus;
import io.edgeserve.hostile.HostileRequest;
import io.edgeserve.hostile.RawAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.FileStoreTlsKeyManagersProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;

/**
 * The {@code gateway} profile as a device meets it, with certificates made for the test: HTTPS with a device
 * certificate required (none, untrusted, expired and good ones; TLS 1.1 refused, 1.3 chosen), the certificate
 * reloaded from disk, SigV4 through the real SDK over mutual TLS, management behind a token or an admin
 * certificate, and the plain HTTP port beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeserve.security.https.port=0",
        "edgeserve.security.management.admin-subjects=operator-1",
        "server.max-http-request-header-size=12KB",
        "spring.ssl.bundle.watch.file.quiet-period=100ms"})
@ActiveProfiles("gateway")
@ExtendWith(OutputCaptureExtension.class)
class HttpsDeviceTest extends LiveService {

    static final String KEY_ID = "AKIAGATEWAYDEVICE01";
    static final String SECRET = "gateway-device-secret-0123456789";
    static final String TOKEN = "management-token-0123456789abcdef";
    static final TestCertificates.Authority GATEWAY_CA = TestCertificates.authority("edgeserve test gateway CA");
    static final TestCertificates.Authority DEVICE_CA = TestCertificates.authority("edgeserve test devices CA");
    static final TestCertificates.Authority STRANGER_CA = TestCertificates.authority("someone else's CA");
    static final TestCertificates.Issued SENSOR = DEVICE_CA.device("sensor-17");
    static final TestCertificates.Issued OPERATOR = DEVICE_CA.device("operator-1");
    static Path gatewayDir;


    @Autowired
    ServerConnectors connectors;

    @Autowired
    SecurityMetrics metrics;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws IOException {
        gatewayDir = Files.createTempDirectory("edgeserve-gateway-");
        GATEWAY_CA.server("gateway-1").writePem(gatewayDir.resolve("tls/server.crt"), gatewayDir.resolve("tls/server.key"));
        DEVICE_CA.writePem(gatewayDir.resolve("tls/devices-ca.crt"));
        Files.writeString(gatewayDir.resolve("access-keys.properties"), KEY_ID + "=" + SECRET + "\n");
        Files.writeString(gatewayDir.resolve("management-tokens"), "# operators\n" + TOKEN + "\n");
        Path models = SharedModels.linkedFolder(gatewayDir.resolve("models"), "sagemaker-linreg");
        registry.add("edgeserve.gateway.dir", gatewayDir::toString);
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }


    private URI https(String path) {
        return URI.create("https://localhost:" + connectors.httpsPort() + path);
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    private HttpResponse<String> get(TestCertificates.Issued device, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try (HttpClient client = client(TestCertificates.clientContext(device, GATEWAY_CA.certificate()))) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void goodDeviceCertificate_isServedOverTls13() throws Exception {
        HttpResponse<String> response = get(SENSOR, "/ping");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void noClientCertificate_isRefused() {
        assertThatThrownBy(() -> get(null, "/ping")).isInstanceOf(IOException.class);
    }

    @Test
    void certificateFromAnotherAuthority_isRefused() {
        assertThatThrownBy(() -> get(STRANGER_CA.device("sensor-17"), "/ping")).isInstanceOf(IOException.class);
    }

    @Test
    void expiredCertificate_isRefused() {
        Instant now = Instant.now();
        TestCertificates.Issued expired = DEVICE_CA.issue("CN=sensor-17", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)), KeyPurposeId.id_kp_clientAuth);

        assertThatThrownBy(() -> get(expired, "/ping")).isInstanceOf(IOException.class);
    }

    /** 12 KB here, not Tomcat's own 8 KB: Spring Boot's server settings reach the extra connector. */
    @Test
    void serverSettings_holdOnTheHttpsPortToo() throws Exception {
        assertThat(get(SENSOR, "/ping", "X-Padding", "a".repeat(10 * 1024)).statusCode()).isEqualTo(200);
        assertThat(get(SENSOR, "/ping", "X-Padding", "a".repeat(13 * 1024)).statusCode()).isEqualTo(400);
    }

    @Test
    void tls11_isRefusedAndTls12Accepted() throws Exception {
        Path keyStore = gatewayDir.resolve("sensor.p12");
        SENSOR.writePkcs12(keyStore, "test".toCharArray());

        // The client offered TLS 1.1 and the server answered with an alert: the refusal is the server's.
        assertThat(probe("TLSv1.1", keyStore)).startsWith("FAILED").contains("Received fatal alert: protocol_version");
        assertThat(probe("TLSv1.2", keyStore)).isEqualTo("OK TLSv1.2");
    }

    @Test
    void changedCertificateFiles_areServedWithoutARestart() throws Exception {
        GATEWAY_CA.server("gateway-2").writePem(gatewayDir.resolve("tls/server.crt"), gatewayDir.resolve("tls/server.key"));

        String served = null;
        for (int i = 0; i < 300 && !"CN=gateway-2".equals(served); i++) {
            Thread.sleep(100);
            try {
                served = servedCertificate().getSubjectX500Principal().getName();
            } catch (IOException betweenTheTwoFiles) { // a failed handshake, or the connection closed on it
                // The certificate is written before its key: a reload can fall between the two and pair the new
                // certificate with the old key for a moment, until the key's own change reloads the pair.
            }
        }
        assertThat(served).isEqualTo("CN=gateway-2");
        assertThat(get(SENSOR, "/ping").statusCode()).isEqualTo(200);
    }

    @Test
    void deviceIdentity_isInTheRequestLogAndCountedWithoutIt(CapturedOutput output) throws Exception {
        double before = metrics.count("device_certificate", "presented");

        get(SENSOR, "/ping");

        String fingerprint = DeviceIdentity.of(SENSOR.certificate()).fingerprint();
        assertThat(requestLogLine(output, "GET /ping 200")).endsWith(" device=sensor-17 cert=" + fingerprint);
        assertThat(metrics.count("device_certificate", "presented")).isGreaterThan(before);
    }

    /** The example of docs/devices.md, but for the credentials, which a device takes from its environment. */
    @Test
    void sdkOverMutualTls_signedWithSigV4_isAnswered(CapturedOutput output) throws Exception {
        Path deviceKeys = gatewayDir.resolve("device.p12");
        SENSOR.writePkcs12(deviceKeys, "changeit".toCharArray());
        Path gatewayTrust = gatewayDir.resolve("gateway-trust.p12");
        TestCertificates.writeTrustStore(gatewayTrust, GATEWAY_CA.certificate(), "changeit".toCharArray());

        KeyStore gatewayCa = KeyStore.getInstance(gatewayTrust.toFile(), "changeit".toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(gatewayCa);
        try (SageMakerRuntimeClient sagemaker = SageMakerRuntimeClient.builder()
                .endpointOverride(https(""))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .tlsKeyManagersProvider(FileStoreTlsKeyManagersProvider.create(deviceKeys, "PKCS12", "changeit"))
                        .tlsTrustManagersProvider(trust::getTrustManagers))
                .build()) {
            String answer = sagemaker.invokeEndpoint(InvokeEndpointRequest.builder()
                    .endpointName("sagemaker-linreg")
                    .contentType("application/json")
                    .body(SdkBytes.fromUtf8String("[[1, 2]]"))
                    .build()).body().asUtf8String();

            assertThat(answer).isEqualTo("[[4.9999918937683105]]");
        }
        assertThat(requestLogLine(output, "POST /endpoints/{endpointName}/invocations 200"))
                .contains("model=sagemaker-linreg").contains(" device=sensor-17 cert=").endsWith(" key=" + KEY_ID);
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void curlWithDeviceCertificateAndSigV4_isAnswered() throws Exception {
        Path device = Files.createDirectories(gatewayDir.resolve("curl-device"));
        SENSOR.writePem(device.resolve("device.crt"), device.resolve("device.key"));
        GATEWAY_CA.writePem(device.resolve("gateway-ca.crt"));
        List<String> command = List.of("curl", "-s", "-w", " %{http_code}",
                "--cert", device.resolve("device.crt").toString(), "--key", device.resolve("device.key").toString(),
                "--cacert", device.resolve("gateway-ca.crt").toString(),
                "--aws-sigv4", "aws:amz:us-east-1:sagemaker", "--user", KEY_ID + ":" + SECRET,
                "-H", "Content-Type: application/json", "--data-binary", "[[1, 2]]",
                "https://localhost:" + connectors.httpsPort() + "/endpoints/sagemaker-linreg/invocations");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed");
            return;
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        org.junit.jupiter.api.Assumptions.assumeFalse(output.contains("option"), "this curl has no --aws-sigv4");

        assertThat(output).isEqualTo("[[4.9999918937683105]] 200");
    }

    @Test
    void unsignedRuntimeCall_isRefusedEvenWithACertificate() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(https("/endpoints/sagemaker-linreg/invocations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[[1, 2]]")).build();
        try (HttpClient client = client(SENSOR.clientContext(GATEWAY_CA.certificate()))) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        }
    }

    @Test
    void management_needsAnAdminCertificateOrAToken() throws Exception {
        HttpResponse<String> withoutToken = get(SENSOR, "/models");
        assertThat(withoutToken.statusCode()).isEqualTo(401);
        assertThat(withoutToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"edgeserve management\"");
        assertThat(withoutToken.body()).contains("not an admin's");
        assertThat(get(SENSOR, "/models", "Authorization", "Bearer not-the-token-at-all-0000").statusCode()).isEqualTo(403);
        assertThat(get(OPERATOR, "/models").statusCode()).isEqualTo(200);
        assertThat(get(SENSOR, "/models", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileCorpusOverHttps_isRefusedWithProblemsAndHsts() throws Exception {
        SSLSocketFactory tls = SENSOR.clientContext(GATEWAY_CA.certificate()).getSocketFactory();
        List<String> wrong = new ArrayList<>();
        int refused = 0;
        for (HostileRequest request : HostileCorpus.requests()) {
            RawAnswer answer = RawAnswer.exchange("localhost", connectors.httpsPort(), tls, request.bytes());
            refused += answer.status() >= 400 ? 1 : 0;
            boolean refusedAsAProblem = answer.isProblem() && answer.hasSecurityHeaders()
                    && answer.headers().containsKey("strict-transport-security");
            if (answer.status() >= 400 && !refusedAsAProblem || answer.status() == 500) {
                wrong.add(request + " -> " + answer);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(refused).as("refusals answered over HTTPS").isGreaterThan(HostileCorpus.requests().size() / 2);
    }

    @Test
    void managementOnThePlainPort_needsTheToken() {
        given().port(port).get("/models")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"edgeserve management\"");
        given().port(port).header("Authorization", "Bearer not-the-token-at-all-0000").delete("/models/sagemaker-linreg")
                .then().statusCode(403);
        given().port(port).header("Authorization", "Bearer " + TOKEN).get("/models/sagemaker-linreg")
                .then().statusCode(200);
    }

    @Test
    void metrics_needTheTokenAndCountCertificatesWithoutNamingDevices() throws Exception {
        get(SENSOR, "/ping");
        given().port(port).get("/metrics").then().statusCode(401);
        given().port(port).get("/health").then().statusCode(200);

        String scrape = given().port(port).header("Authorization", "Bearer " + TOKEN).get("/metrics")
                .then().statusCode(200).extract().asString();

        assertThat(scrape).contains("edgeserve_authentications_total{mechanism=\"device_certificate\",outcome=\"presented\"}")
                .contains("edgeserve_authentications_total{mechanism=\"management\",outcome=\"token\"}")
                .doesNotContain("sensor-17");
    }

    @Test
    void captureStatus_needsTheToken() {
        given().port(port).get("/capture").then().statusCode(401).contentType("application/problem+json");
        given().port(port).header("Authorization", "Bearer " + TOKEN).get("/capture")
                .then().statusCode(200).body("enabled", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void inferenceOnTheModelsPath_isNotManagement() {
        given().port(port).contentType("application/json").body("[[1, 2]]").post("/models/sagemaker-linreg/invoke")
                .then().statusCode(200);
    }

    @Test
    void plainHttpPort_servesBesideHttps() {
        given().port(port).get("/ping").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Strict-Transport-Security", org.hamcrest.Matchers.nullValue());
    }

    /**
     * The request log's line for a device's request: written as the last byte leaves, so maybe after the client
     * has its answer.
     */
    private static String requestLogLine(CapturedOutput output, String request) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var line = output.getOut().lines()
                    .filter(l -> l.contains("edgeserve.requests") && l.contains(request) && l.contains(" device="))
                    .findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no request log line for " + request);
    }

    private X509Certificate servedCertificate() throws IOException {
        SSLContext context = SENSOR.clientContext(GATEWAY_CA.certificate());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", connectors.httpsPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Runs {@link TlsProbe} in a JVM whose security settings let a client offer TLS 1.1. */
    private String probe(String protocol, Path keyStore) throws IOException, InterruptedException {
        Path security = gatewayDir.resolve("tls11-client.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024,"
                + " EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djava.security.properties=" + security,
                "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(), TlsProbe.class.getName(),
                "localhost", String.valueOf(connectors.httpsPort()), protocol, keyStore.toString(), "test"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        return output.lines().reduce((first, second) -> second).orElse(output);
    }
}
