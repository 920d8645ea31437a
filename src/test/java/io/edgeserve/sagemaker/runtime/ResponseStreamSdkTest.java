package io.edgeserve.sagemaker.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.edgeserve.SharedModels;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/** {@code InvokeEndpointWithResponseStream} through the real AWS SDK's asynchronous client and event stream decoder. */
class ResponseStreamSdkTest extends RuntimeApiTestContext {

    private SageMakerRuntimeAsyncClient sdk;

    @BeforeEach
    void openClient() {
        sdk = asyncClient();
    }

    @AfterEach
    void closeClient() {
        sdk.close();
    }

    /** What one streamed call delivered: the initial response, every part, and how it ended. */
    private record Streamed(InvokeEndpointWithResponseStreamResponse response, List<String> parts, Throwable failure) {}

    private Streamed stream(InvokeEndpointWithResponseStreamRequest request, Consumer<PayloadPart> onPart) {
        AtomicReference<InvokeEndpointWithResponseStreamResponse> initial = new AtomicReference<>();
        List<String> parts = new CopyOnWriteArrayList<>();
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .onResponse(initial::set)
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadPart(part -> {
                            parts.add(part.bytes().asUtf8String());
                            onPart.accept(part);
                        })
                        .build())
                .build();
        CompletableFuture<Void> done = sdk.invokeEndpointWithResponseStream(request, handler);
        Throwable failure = catchThrowable(() -> done.get(120, TimeUnit.SECONDS));
        if (failure instanceof ExecutionException execution) {
            failure = execution.getCause();
        }
        return new Streamed(initial.get(), parts, failure);
    }

    private static InvokeEndpointWithResponseStreamRequest.Builder request(String endpoint, String contentType, String body) {
        return InvokeEndpointWithResponseStreamRequest.builder().endpointName(endpoint).contentType(contentType)
                .body(SdkBytes.fromUtf8String(body));
    }

    @Test
    void multiRowRequest_streamsOnePartPerRowInOrder() {
        Streamed streamed = stream(request("sagemaker-linreg", "application/json", "[[1, 2], [0, 0], [3, -1]]").build(),
                part -> {});

        assertThat(streamed.failure()).isNull();
        assertThat(streamed.parts()).containsExactly("[[4.9999918937683105]]", "[[2.4798819140414707e-06]]",
                "[[1.0000076293945312]]");
        assertThat(streamed.response().contentType()).isEqualTo("application/json");
        assertThat(streamed.response().invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void csvParts_concatenateToTheUnstreamedAnswer() {
        String rows = "1,2\n0,0\n3,-1\n5,5\n";
        String whole;
        try (var sync = client()) {
            whole = sync.invokeEndpoint(InvokeEndpointRequest.builder().endpointName("sagemaker-linreg")
                    .contentType("text/csv").accept("text/csv").body(SdkBytes.fromUtf8String(rows)).build())
                    .body().asUtf8String();
        }

        Streamed streamed = stream(request("linreg-prod", "text/csv", rows).accept("text/csv").build(), part -> {});

        assertThat(streamed.failure()).isNull();
        assertThat(streamed.parts()).hasSize(4);
        assertThat(String.join("", streamed.parts())).isEqualTo(whole);
        assertThat(streamed.response().contentType()).isEqualTo("text/csv");
    }

    @Test
    void failureBeforeTheFirstPart_isAnOrdinaryError() {
        Streamed streamed = stream(request("sagemaker-linreg", "application/json", "[[1, 2, 3]]").build(), part -> {});

        assertThat(streamed.parts()).isEmpty();
        // The container refused the request: SageMaker's ModelError with the container's 400, as for InvokeEndpoint.
        assertThat(streamed.failure()).isInstanceOfSatisfying(ModelErrorException.class,
                e -> assertThat(e.originalStatusCode()).isEqualTo(400))
                .hasMessageContaining("expects shape (N, 2)");
    }

    @Test
    void failureAfterTheFirstPart_endsTheStreamWithModelStreamError() {
        int rows = 200;
        byte[] images = SharedModels.npy(new long[] {rows, 3, 32, 32}, new float[rows * 3 * 32 * 32]);
        AtomicReference<Integer> unloadStatus = new AtomicReference<>();
        InvokeEndpointWithResponseStreamRequest request = InvokeEndpointWithResponseStreamRequest.builder()
                .endpointName(STREAM_RESNET).contentType("application/x-npy").body(SdkBytes.fromByteArray(images)).build();

        // The model goes away once the first part has arrived, while the rest of the rows are still to run.
        Streamed streamed = stream(request, part -> {
            if (unloadStatus.get() == null) {
                unloadStatus.set(given().port(port).delete("/models/" + STREAM_RESNET).statusCode());
            }
        });

        assertThat(unloadStatus.get()).isEqualTo(200);
        assertThat(streamed.parts()).isNotEmpty().hasSizeLessThan(rows);
        assertThat(streamed.failure()).isInstanceOf(ModelStreamErrorException.class);
        ModelStreamErrorException error = (ModelStreamErrorException) streamed.failure();
        assertThat(error.errorCode()).isEqualTo("shutting-down");
        assertThat(error.awsErrorDetails().errorMessage()).contains("shutting down");
    }
}
