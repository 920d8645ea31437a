package io.edgeserve.sagemaker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.ResponseEntity;

/** The one table from edgeserve's problems to the AWS error codes the SDKs turn into exceptions. */
class AwsErrorTest {

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void everyProblem_hasAnAwsCodeTheSdkKnowsWithItsStatus(ProblemType type) {
        AwsError error = AwsError.from(new ProblemException(type, "detail"));

        switch (error.code()) {
            case "ValidationError" -> assertThat(error.status()).isEqualTo(400);
            case "ModelError" -> assertThat(error.status()).isEqualTo(424);
            case "ModelNotReadyException" -> assertThat(error.status()).isEqualTo(429);
            case "ServiceUnavailable" -> assertThat(error.status()).isEqualTo(503);
            case "InternalFailure" -> assertThat(error.status()).isEqualTo(500);
            case "MissingAuthenticationTokenException", "AccessDeniedException" -> assertThat(error.status()).isEqualTo(403);
            default -> throw new AssertionError("unexpected AWS code " + error.code() + " for " + type);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProblemType.class, names = {"MODEL_NOT_FOUND", "VARIANT_NOT_AVAILABLE", "PAYLOAD_TOO_LARGE",
            "MODEL_NOT_SPECIFIED", "REQUEST_TIMEOUT"})
    void whatSageMakerChecksItself_isValidationError(ProblemType type) {
        assertThat(AwsError.from(new ProblemException(type, "d")).code()).isEqualTo("ValidationError");
    }

    @ParameterizedTest
    @EnumSource(value = ProblemType.class, names = {"MALFORMED_BODY", "SHAPE_MISMATCH", "IMAGE_TOO_LARGE",
            "INVALID_REQUEST", "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE"})
    void theContainersRefusals_areModelErrorsWithTheContainersStatus(ProblemType type) {
        AwsError error = AwsError.from(new ProblemException(type, "the container's words"));

        assertThat(error.code()).isEqualTo("ModelError");
        assertThat(error.members()).containsEntry("OriginalStatusCode", type.status())
                .containsEntry("OriginalMessage", "the container's words");
        assertThat(error.message()).startsWith("Received client error (" + type.status() + ") from the model");
    }

    @Test
    void engineFailure_isModelErrorWithOriginalStatus500() {
        AwsError error = AwsError.from(new ProblemException(ProblemType.ENGINE_FAILURE, "The model failed."));

        assertThat(error.code()).isEqualTo("ModelError");
        assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo("{\"Message\":\"Received server error (500)"
                + " from the model with message \\\"The model failed.\\\"\",\"OriginalStatusCode\":500,"
                + "\"OriginalMessage\":\"The model failed.\"}");
    }

    @Test
    void queueFull_isServiceUnavailableWithRetryAfter() {
        ProblemException problem = new ProblemException(ProblemType.QUEUE_FULL, "full").with("retryAfterSeconds", 3);

        ResponseEntity<byte[]> response = AwsError.from(problem).toResponse();

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("x-amzn-ErrorType")).isEqualTo("ServiceUnavailable");
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"Message\":\"full\"}");
    }

    @Test
    void modelNotReady_isModelNotReadyException() {
        assertThat(AwsError.from(new ProblemException(ProblemType.MODEL_NOT_READY, "loading")).code())
                .isEqualTo("ModelNotReadyException");
    }

    @Test
    void response_isAlwaysJson() {
        ResponseEntity<byte[]> response = AwsError.of("ValidationError", 400, "bad").toResponse();

        assertThat(response.getHeaders().getContentType()).hasToString("application/json");
    }
}
