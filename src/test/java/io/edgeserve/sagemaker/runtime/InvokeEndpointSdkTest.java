package io.edgeserve.sagemaker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.edgeserve.SharedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code InvokeEndpoint} through the real AWS SDK for Java v2: answers, headers, and each error as its exception. */
class InvokeEndpointSdkTest extends RuntimeApiTestContext {

    private SageMakerRuntimeClient sdk;

    @BeforeEach
    void openClient() {
        sdk = client();
    }

    @AfterEach
    void closeClient() {
        sdk.close();
    }

    private static InvokeEndpointRequest.Builder json(String endpoint, String body) {
        return InvokeEndpointRequest.builder().endpointName(endpoint).contentType("application/json")
                .body(SdkBytes.fromUtf8String(body));
    }

    @Test
    void sharedModel_answersAsTheContainerContractDoes() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2]]").build());

        assertThat(response.body().asUtf8String()).isEqualTo("[[4.9999918937683105]]");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void alias_namesItsModel() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(json("linreg-prod", "[[1, 2]]").build());

        assertThat(response.body().asUtf8String()).isEqualTo("[[4.9999918937683105]]");
    }

    @Test
    void targetModel_namesTheModelOfAMultiModelEndpoint() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(json("sagemaker-mnist-mlp", "[[1, 2]]")
                .targetModel("sagemaker-linreg.tar.gz").build());

        assertThat(response.body().asUtf8String()).isEqualTo("[[4.9999918937683105]]");
    }

    @Test
    void unknownEndpoint_isValidationErrorEvenWhenItsTargetModelExists() {
        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> sdk.invokeEndpoint(json("no-such-endpoint", "[[1, 2]]").targetModel("sagemaker-linreg.tar.gz").build()));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("endpoint 'no-such-endpoint' does not exist");
    }

    @Test
    void acceptAndCustomAttributes_areHonouredAndEchoed() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(InvokeEndpointRequest.builder()
                .endpointName("sagemaker-linreg").contentType("text/csv").accept("text/csv")
                .customAttributes("trace=abc-123").inferenceId("device-7-reading-42")
                .body(SdkBytes.fromUtf8String("1,2\n0,0\n")).build());

        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.body().asUtf8String().lines().toList()).hasSize(2).first().asString().startsWith("4.99999");
        assertThat(response.customAttributes()).isEqualTo("trace=abc-123,precision=float32");
        assertThat(response.responseMetadata().requestId()).isEqualTo("device-7-reading-42");
    }

    @Test
    void allTrafficVariant_isAccepted() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2]]")
                .targetVariant("AllTraffic").build());

        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void precisionVariant_answersAndIsNamed() {
        InvokeEndpointResponse response = sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2]]")
                .targetVariant("float16").build());

        assertThat(response.invokedProductionVariant()).isEqualTo("float16");
        assertThat(response.customAttributes()).isEqualTo("precision=float16");
        // Half precision answers close to float32's 4.9999918937683105, not to the digit.
        String answer = response.body().asUtf8String();
        assertThat(Double.parseDouble(answer.substring(2, answer.length() - 2))).isCloseTo(5.0, within(0.01));
    }

    @Test
    void otherVariant_isValidationError() {
        assertThatThrownBy(() -> sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2]]").targetVariant("canary").build()))
                .isInstanceOf(ValidationErrorException.class)
                .hasMessageContaining("variant 'canary' does not exist");
    }

    @Test
    void wrongShape_isModelErrorWithTheContainersStatusAndWords() {
        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2, 3]]").build()));

        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ModelError");
        assertThat(e.originalStatusCode()).isEqualTo(400);
        assertThat(e.originalMessage()).contains("expects shape (N, 2), received (1, 3)");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received client error (400) from the model");
    }

    @Test
    void malformedBody_isModelErrorWithOriginalStatus400() {
        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2").build()));

        assertThat(e.originalStatusCode()).isEqualTo(400);
        assertThat(e.originalMessage()).contains("the JSON body ends before its value is complete");
    }

    @Test
    void pictureToAModelWithoutAnImageSection_isModelErrorWithOriginalStatus415() {
        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> sdk.invokeEndpoint(InvokeEndpointRequest.builder().endpointName("sagemaker-linreg")
                        .contentType("image/png").body(SdkBytes.fromByteArray(io.edgeserve.TestPictures.encode(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png"))).build()));

        assertThat(e.originalStatusCode()).isEqualTo(415);
        assertThat(e.originalMessage()).contains("takes no pictures");
    }

    @Test
    void unknownEndpoint_isValidationError() {
        assertThatThrownBy(() -> sdk.invokeEndpoint(json("no-such-endpoint", "[[1, 2]]").build()))
                .isInstanceOf(ValidationErrorException.class)
                .hasMessageContaining("no-such-endpoint");
    }

    @Test
    void shapeTheGraphCannotTake_isRefusedBeforeTheEngineInPlainWords() {
        // Before shapes were checked against the graph, this request reached MXNet and was a 500 engine failure.
        // The container refused it, so SageMaker's caller sees the model's error with the container's 400.
        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> sdk.invokeEndpoint(json(UNSHAPED_RESNET, "[[1, 2, 3]]").build()));

        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.originalStatusCode()).isEqualTo(400);
        assertThat(e.originalMessage()).contains("input 'data' cannot take shape (1, 3)").doesNotContain(".cc");
    }

    @Test
    void modelThatFailedToLoad_isModelNotReady() {
        assertThatThrownBy(() -> sdk.invokeEndpoint(json(BROKEN, "[[1, 2]]").build()))
                .isInstanceOf(ModelNotReadyException.class)
                .hasMessageContaining("no *-symbol.json");
    }

    @Test
    void fullQueue_isServiceUnavailable() throws Exception {
        byte[] images = SharedModels.npy(new long[] {8, 3, 32, 32}, new float[8 * 3 * 32 * 32]);
        AtomicInteger answered = new AtomicInteger();
        List<ServiceUnavailableException> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < 12; client++) {
                work.add(clients.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        try {
                            sdk.invokeEndpoint(InvokeEndpointRequest.builder().endpointName(BUSY_RESNET)
                                    .contentType("application/x-npy").body(SdkBytes.fromByteArray(images)).build());
                            answered.incrementAndGet();
                        } catch (ServiceUnavailableException e) {
                            refused.add(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }

        assertThat(answered.get()).isPositive();
        assertThat(refused).isNotEmpty();
        ServiceUnavailableException e = refused.getFirst();
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    }

    @Test
    void errors_areJsonWithTheErrorTypeHeaderAndTheRequestId() {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                () -> sdk.invokeEndpoint(json("sagemaker-linreg", "[[1, 2], [3]]").build()));

        var http = e.awsErrorDetails().sdkHttpResponse();
        assertThat(http.firstMatchingHeader("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(http.firstMatchingHeader("x-amzn-ErrorType")).hasValue("ModelError");
        assertThat(e.requestId()).isNotBlank();
        JsonNode body = JsonMapper.builder().build().readTree(e.awsErrorDetails().rawResponse().asByteArray());
        assertThat(body.get("Message").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("io.edgeserve");
    }
}
