/**
 * The SageMaker Runtime API as the AWS SDKs call it: {@code InvokeEndpoint} and
 * {@code InvokeEndpointWithResponseStream} under {@code /endpoints/{endpointName}/...}, so that a device that
 * calls a SageMaker endpoint calls edgeserve with the same code and another endpoint URL. Errors here are in
 * AWS's JSON shape ({@link io.edgeserve.sagemaker.runtime.AwsError}), not RFC 9457 problems: the SDKs pick
 * their exception class from the error code and fail on any other body.
 */
package io.edgeserve.sagemaker.runtime;
