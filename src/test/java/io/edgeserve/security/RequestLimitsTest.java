package io.edgeserve.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The limits enforced while a request is read, through raw sockets where a well-behaved client would not get
 * there: oversized headers, slow clients, deep JSON; and what every refusal says: no stack trace, no server
 * path, no library name. The connection timeout is shortened to keep the slow-client tests short.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.tomcat.connection-timeout=1s")
@ExtendWith(OutputCaptureExtension.class)
class RequestLimitsTest extends LiveService {

    /** What no response may contain: traces, class or package names, server paths, the server's software. */
    private static final String[] LEAKS = {"Exception", "\tat ", "java.", "io.edgeserve", "org.springframework",
        "org.apache", "Tomcat", "tomcat", "Jackson", "jackson", "/tmp", "/opt/ml", "/work"};


    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-limits-").resolve("models"),
                "sagemaker-linreg");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }


    /** Sends raw bytes, then reads until the server closes the connection or 30 s pass without a byte. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertNoLeaks(String response) {
        assertThat(response).doesNotContain(LEAKS);
    }

    @Test
    void headersOverTheLimit_are400WithNothingAboutTheServer() throws IOException {
        String response = exchange("GET /ping HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(9 * 1024)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertNoLeaks(response);
    }

    @Test
    void headersWithinTheLimit_areServed() throws IOException {
        String response = exchange("GET /ping HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(6 * 1024)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
    }

    @Test
    void clientThatStopsMidHeaders_isDisconnected() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("POST /invocations HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            InputStream in = socket.getInputStream();
            byte[] rest = readUntilClosed(in);

            assertNoLeaks(new String(rest, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void clientThatStopsMidBody_is408AndDisconnected(CapturedOutput output) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n[[1, ").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String response = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1);

            assertThat(response).startsWith("HTTP/1.1 408");
            assertNoLeaks(response);
        }
        // A slow client is the client's fault: no stack trace in the service's log either.
        assertThat(output.getAll()).doesNotContain("Unexpected failure").doesNotContain("SocketTimeoutException");
    }

    @Test
    void jsonDeeperThanTheLimit_is400NamingTheLimit() {
        String deep = "[".repeat(100) + "1" + "]".repeat(100);

        String body = given().port(port).contentType("application/json").body(deep).post("/invocations")
                .then().statusCode(400).contentType("application/problem+json").extract().asString();

        assertThat(body).contains("malformed-body").contains("deep");
        assertNoLeaks(body);
    }

    @Test
    void refusals_sayNothingAboutTheServer() throws IOException {
        String[] requests = {
            "GET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "BREW /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
                    + "Connection: close\r\n\r\n{\"a\":}",
            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-npy\r\nContent-Length: 4\r\n"
                    + "Connection: close\r\n\r\nabcd",
            "POST /models HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n[]",
            "GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
            "GARBAGE\r\n\r\n",
        };
        for (String request : requests) {
            String response = exchange(request);
            assertThat(response).as(request).startsWith("HTTP/1.1 4");
            assertNoLeaks(response);
        }
    }

    @Test
    void everyResponse_carriesBrowserHardeningHeaders() {
        for (String accept : new String[] {"application/json", "text/html"}) {
            given().port(port).accept(accept).get("/nothing-here")
                    .then().header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", SecurityHeadersFilter.CONTENT_SECURITY_POLICY)
                    .header("Referrer-Policy", "no-referrer");
        }
    }

    /** Reads whatever the server sends until it closes the connection; fails if it never does. */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open for 30 s", e);
        }
    }
}
