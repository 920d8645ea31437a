package io.edgeserve.sagemaker.runtime;

import io.edgeserve.security.AwsErrorResponder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Writes security's refusals of Runtime API requests (bad signatures, unreadable bodies) as {@link AwsError}s. */
@Component
class AwsErrorWriter implements AwsErrorResponder {

    @Override
    public void respond(HttpServletResponse response, String code, int status, String message) throws IOException {
        AwsError.of(code, status, message).writeTo(response);
    }
}
