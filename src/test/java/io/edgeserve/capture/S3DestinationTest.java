package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3DestinationTest {

    private static S3Exception answered(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void clientErrorsNoRetryCanFix_areRefusalsForGood() {
        assertThat(S3Destination.refusedForGood(answered(403, "AccessDenied"))).isTrue();
        assertThat(S3Destination.refusedForGood(answered(400, "InvalidArgument"))).isTrue();
        assertThat(S3Destination.refusedForGood(answered(404, "NoSuchBucket"))).isTrue();
    }

    @Test
    void outagesThrottlingAndErrorsThatPassWithTime_areRetried() {
        assertThat(S3Destination.refusedForGood(answered(503, "SlowDown"))).isFalse();
        assertThat(S3Destination.refusedForGood(answered(500, "InternalError"))).isFalse();
        assertThat(S3Destination.refusedForGood(answered(429, "TooManyRequests"))).isFalse();
        assertThat(S3Destination.refusedForGood(answered(408, "RequestTimeout"))).isFalse();
        assertThat(S3Destination.refusedForGood(answered(403, "RequestTimeTooSkewed"))).isFalse();
        assertThat(S3Destination.refusedForGood(answered(400, "ExpiredToken"))).isFalse();
        assertThat(S3Destination.refusedForGood(SdkClientException.create("Unable to execute HTTP request"))).isFalse();
    }
}
