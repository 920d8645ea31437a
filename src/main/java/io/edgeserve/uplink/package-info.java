/**
 * The gateway's uplink to object stores: one S3 client built from settings ({@link io.edgeserve.uplink.S3Clients}
 * from {@link io.edgeserve.uplink.S3Settings}), and the {@link io.edgeserve.uplink.Backoff} that model sync and
 * data capture both use while a store is unreachable.
 *
 * <p>The package knows nothing of models, Spring or HTTP serving: it imports only {@code java.*} and the AWS SDK.
 * Credentials always come from the SDK's default chain (environment, system properties, profile, container or
 * instance role) unless a caller passes a provider, as the tests do for their S3-compatible server.
 */
package io.edgeserve.uplink;
