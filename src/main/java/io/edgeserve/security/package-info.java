/**
 * Who may call edgeserve: HTTPS with device certificates on a connector of its own ({@code ServerConnectors}),
 * AWS Signature Version 4 on the SageMaker Runtime API ({@code SigV4Filter}), a bearer token or an admin
 * certificate for management ({@code ManagementAccessFilter}), and the device's identity in the request log.
 * Secrets (access keys, tokens) are read once and never logged; outcomes are counted, never per device.
 */
package io.edgeserve.security;
