package io.edgeserve.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.BatchingSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * SageMaker's own variables for the model server set the batcher's workers and timeout (in seconds), as
 * SageMaker's containers read them; placeholders resolve them from the environment or system properties.
 */
@SpringBootTest(properties = {"SAGEMAKER_MODEL_SERVER_WORKERS=1", "SAGEMAKER_MODEL_SERVER_TIMEOUT=7",
        "edgeserve.model-dir=target/no-models-here"})
class SageMakerEnvironmentTest {

    @Autowired
    BatchingSettings batching;

    @Test
    void sageMakerServerVariables_setWorkersAndTimeout() {
        assertThat(batching.workers()).isEqualTo(1);
        assertThat(batching.timeout()).isEqualTo(Duration.ofSeconds(7));
    }
}
