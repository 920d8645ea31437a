package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a model was found, as GET /models reports it and POST /models takes it back. */
class ModelLocationTest {

    @Test
    void relativeFolder_isMadeAbsolute() {
        ModelLocation location = new ModelLocation("iris", Path.of("models/./iris"));

        assertThat(location.path()).isAbsolute().isEqualTo(Path.of("models/iris").toAbsolutePath());
    }
}
