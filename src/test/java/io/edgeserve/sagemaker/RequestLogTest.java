package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.security.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RequestLogTest {

    private static final RequestLog.Entry INFERENCE = new RequestLog.Entry("req-1", "POST", "/models/{name}/invoke",
            200, "iris", "float32", 2_345_678, 1_234_567L, 22, 68, null);

    @Test
    void enabled_writesOneLineWithEveryField(CapturedOutput output) {
        new RequestLog(true).write(INFERENCE);

        assertThat(output.getOut()).contains("POST /models/{name}/invoke 200 model=iris variant=float32 "
                + "durationMs=2.346 inferenceMs=1.235 requestBytes=22 responseBytes=68 requestId=req-1");
    }

    @Test
    void requestThatIsNoInference_isLoggedWithoutModel(CapturedOutput output) {
        new RequestLog(true).write(new RequestLog.Entry("req-2", "GET", "/ping", 200, null, null, 400_000, null, 0,
                40, null));

        assertThat(output.getOut())
                .contains("GET /ping 200 durationMs=0.400 requestBytes=0 responseBytes=40 requestId=req-2");
    }

    @Test
    void deviceRequest_namesTheDeviceAndItsKey(CapturedOutput output) {
        new RequestLog(true).write(new RequestLog.Entry("req-3", "POST", "/endpoints/{endpointName}/invocations", 200,
                "iris", "float32", 2_345_678, 1_234_567L, 22, 68, new Caller("sensor-17", "3f98c21903243833", "AKIAEXAMPLE")));

        assertThat(output.getOut()).contains("requestId=req-3 device=sensor-17 cert=3f98c21903243833 key=AKIAEXAMPLE");
    }

    @Test
    void disabled_writesNothing(CapturedOutput output) {
        new RequestLog(false).write(INFERENCE);

        assertThat(output.getAll()).doesNotContain("req-1");
    }
}
