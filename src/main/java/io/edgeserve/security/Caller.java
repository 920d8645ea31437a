package io.edgeserve.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who made a request, as far as edgeserve checked it: the device's certificate and the access key that signed
 * the request, each null where none was presented. The request log writes it; nothing in it is secret.
 *
 * @param device      the device's name, from its certificate ({@link DeviceIdentity#name()})
 * @param certificate the certificate's short fingerprint
 * @param accessKey   the id of the access key that signed the request
 */
public record Caller(String device, String certificate, String accessKey) {

    static final String DEVICE_ATTRIBUTE = "io.edgeserve.device";
    static final String ACCESS_KEY_ATTRIBUTE = "io.edgeserve.accessKeyId";

    /** The caller of a request, or null where it presented neither a certificate nor a signature. */
    public static Caller of(HttpServletRequest request) {
        String accessKey = request.getAttribute(ACCESS_KEY_ATTRIBUTE) instanceof String key ? key : null;
        if (request.getAttribute(DEVICE_ATTRIBUTE) instanceof DeviceIdentity device) {
            return new Caller(device.name(), device.fingerprint(), accessKey);
        }
        return accessKey == null ? null : new Caller(null, null, accessKey);
    }
}
