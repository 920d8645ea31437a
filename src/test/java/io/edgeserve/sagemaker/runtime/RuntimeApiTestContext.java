package io.edgeserve.sagemaker.runtime;


import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * One edgeserve for every test of the runtime API through the real AWS SDK, with SigV4 on: the shared linear
 * regression and MNIST models, an alias, a CIFAR ResNet without a manifest (so a wrongly shaped row reaches
 * MXNet and fails there), the same ResNet with a queue of one, another for a stream that loses its model, and a
 * model that failed to load. Test classes extend it to share the one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeserve.security.sigv4.enabled=true",
        "edgeserve.security.sigv4.access-keys=" + RuntimeApiTestContext.KEY_ID + ":" + RuntimeApiTestContext.SECRET,
        "edgeserve.endpoints.aliases.linreg-prod=sagemaker-linreg"})
public abstract class RuntimeApiTestContext extends LiveService {

    public static final String KEY_ID = "AKIAEDGESERVETEST01";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    /** The CIFAR ResNet whose input shape nobody declared: MXNet itself refuses a wrong one. */
    public static final String UNSHAPED_RESNET = "unshaped-resnet";
    /** The CIFAR ResNet with one worker, batches of one and a queue of one. */
    public static final String BUSY_RESNET = "busy-resnet";
    public static final String BROKEN = "broken";
    /** A CIFAR ResNet only the streaming test uses, and unloads midway through a stream. */
    public static final String STREAM_RESNET = "stream-resnet";

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-runtime-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg", "sagemaker-mnist-mlp");
        Files.createSymbolicLink(models.resolve(UNSHAPED_RESNET), SharedModels.model("cifar-resnet20-v1"));
        Files.createSymbolicLink(models.resolve(BUSY_RESNET), SharedModels.model("cifar-resnet20-v1"));
        Files.createSymbolicLink(models.resolve(STREAM_RESNET), SharedModels.model("cifar-resnet20-v1"));
        Path broken = Files.createDirectories(models.resolve(BROKEN));
        Files.copy(SharedModels.model("sagemaker-linreg").resolve("model-0000.params"), broken.resolve("model-0000.params"));
        Path manifests = Files.createDirectories(root.resolve("manifests"));
        Files.writeString(manifests.resolve(BUSY_RESNET + ".json"), """
                {"inputs": [{"name": "data", "shape": [-1, 3, 32, 32], "dtype": "float32"}],
                 "batching": {"queueCapacity": 1, "workers": 1, "maxBatchSize": 1}}
                """);
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", manifests::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }


    protected URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    /** The SDK's default client, as a device builds it, with retries off so that each error shows once. */
    protected SageMakerRuntimeClient client() {
        return client(KEY_ID, SECRET);
    }

    protected SageMakerRuntimeClient client(String keyId, String secret) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The asynchronous client, the only one with {@code InvokeEndpointWithResponseStream}. */
    protected SageMakerRuntimeAsyncClient asyncClient() {
        return SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
