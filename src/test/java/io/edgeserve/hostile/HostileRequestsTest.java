package io.edgeserve.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.edgeserve.problem.ProblemReportValve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hostile corpus over real sockets to the whole service: every refusal, whether Tomcat, Spring or edgeserve
 * made it, is answered with the status it names, as an RFC 9457 problem of edgeserve's types, with the security
 * headers and nothing about the server; and the service keeps serving.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsTest extends LiveService {

    /** What no answer may contain: traces, class or package names, server paths, the server's software. */
    static final String[] LEAKS = {"Exception", "\tat ", "java.", "io.edgeserve", "org.springframework",
        "org.apache", "Tomcat", "tomcat", "Jackson", "jackson", "/tmp", "/work", "<html", "timestamp"};

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-hostile-").resolve("models"),
                "sagemaker-linreg");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    static List<HostileRequest> corpus() {
        return HostileCorpus.requests();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileRequest_isAnsweredWithItsStatusAsAProblemWithTheSecurityHeaders(HostileRequest request) throws IOException {
        RawAnswer answer = RawAnswer.exchange("127.0.0.1", port, null, request.bytes());

        assertThat(answer.status()).as("%s -> %s", request, answer).isEqualTo(request.expectedStatus());
        if (answer.status() >= 400) {
            assertThat(answer.isProblem()).as("%s -> %s", request, answer).isTrue();
            assertThat(answer.headers()).as("%s -> %s", request, answer).containsKeys(RawAnswer.SECURITY_HEADERS);
            assertThat(answer.body()).as("%s -> %s", request, answer).doesNotContain(LEAKS);
        }
        assertThat(RawAnswer.exchange("127.0.0.1", port, null, "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(200);
    }

    @Test
    void errorPath_isNotAnEndpoint() throws IOException {
        RawAnswer answer = RawAnswer.exchange("127.0.0.1", port, null,
                "GET /error HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemType()).isEqualTo("https://edgeserve.io/problems/not-found");
    }

    @Test
    void tomcatsOwnParseErrorLog_withItsStackTrace_isOff() {
        assertThat(LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger(ProblemReportValve.class).isInfoEnabled()).isTrue();
    }

    @Test
    void parseErrors_areLoggedInOneLineWithoutAStackTrace(CapturedOutput output) throws IOException {
        RawAnswer.exchange("127.0.0.1", port, null, "GET /pi\0ng HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        RawAnswer.exchange("127.0.0.1", port, null, "G(T /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(output.getAll()).doesNotContain("Error parsing HTTP request header")
                .doesNotContain("java.lang.IllegalArgumentException").doesNotContain("\tat org.apache");
    }
}
