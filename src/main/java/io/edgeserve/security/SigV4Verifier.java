package io.edgeserve.security;

import io.edgeserve.security.SignatureRejected.Reason;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Verifies AWS Signature Version 4 on a received request as AWS services do, for the service {@code sagemaker}
 * and one configured region: the credential scope, the request time against the server's clock, the key id,
 * then the signature over the canonical request, compared in constant time. Its one rule: the payload hash in
 * the canonical request is computed from the body received, never taken from the client, so a signature
 * always covers the bytes that are run.
 * <p>
 * It does not use the AWS SDK's signer: that signer always adds and signs {@code x-amz-content-sha256}, which
 * boto3, the JavaScript SDK and curl do not send to SageMaker, so it cannot reproduce their signatures. The
 * tests check this verifier against the SDK's signer, the SDK's client and curl.
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "sagemaker";
    static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final AccessKeys keys;
    private final String region;
    private final String service;
    private final Duration maxSkew;

    SigV4Verifier(AccessKeys keys, String region, Duration maxSkew) {
        this(keys, region, SERVICE, maxSkew);
    }

    /** @param service the signing name; {@code sagemaker} but in AWS's own test vectors */
    SigV4Verifier(AccessKeys keys, String region, String service, Duration maxSkew) {
        this.keys = keys;
        this.region = region;
        this.service = service;
        this.maxSkew = maxSkew;
    }

    /** A request whose header, time, scope and key id passed: what remains is the signature over its body. */
    record Credential(String accessKeyId, String amzDate, String scope, String date, List<String> signedHeaders,
                      String signature) {}

    /** Every check that needs no body, so that a request that fails them is refused before its body is read. */
    Credential authorize(HttpServletRequest request, Instant now) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new SignatureRejected(Reason.MISSING, "Missing Authentication Token: sign the request with AWS"
                    + " Signature Version 4 for service '" + service + "' in region '" + region + "'");
        }
        Credential credential = parse(header, request);
        checkTime(credential.amzDate(), now);
        checkScope(credential);
        if (!keys.contains(credential.accessKeyId())) {
            throw new SignatureRejected(Reason.UNKNOWN_KEY, "The security token included in the request is invalid.");
        }
        return credential;
    }

    /** The signature over the request and {@code body}; returns normally when it matches. */
    void verify(HttpServletRequest request, Credential credential, byte[] body) {
        String payloadHash = HEX.formatHex(sha256(body));
        String claimed = request.getHeader(CONTENT_SHA256);
        if (claimed != null && !claimed.equalsIgnoreCase(payloadHash)) {
            if (claimed.startsWith("UNSIGNED-PAYLOAD") || claimed.startsWith("STREAMING-")) {
                throw new SignatureRejected(Reason.UNSIGNED_PAYLOAD, "x-amz-content-sha256 is " + claimed
                        + ": edgeserve accepts only signed payloads; enable payload signing in the client");
            }
            throw new SignatureRejected(Reason.PAYLOAD_MISMATCH,
                    "x-amz-content-sha256 does not match the SHA-256 of the body received");
        }
        String canonical = canonicalRequest(request, credential.signedHeaders(), payloadHash);
        String stringToSign = ALGORITHM + "\n" + credential.amzDate() + "\n" + credential.scope() + "\n"
                + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] signingKey = keys.signingKey(credential.accessKeyId(), credential.date(), region, service).orElseThrow();
        byte[] expected = HEX.formatHex(AccessKeys.hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        byte[] provided = credential.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            throw new SignatureRejected(Reason.BAD_SIGNATURE, "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private static Credential parse(String header, HttpServletRequest request) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw malformed("the Authorization header must start with " + ALGORITHM);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String item = part.strip();
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw malformed("Authorization component '" + shorten(item) + "' is not NAME=VALUE");
            }
            String value = item.substring(equals + 1);
            switch (item.substring(0, equals)) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> throw malformed("Authorization component '" + shorten(item.substring(0, equals))
                        + "' is unknown");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed("the Authorization header needs Credential, SignedHeaders and Signature");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw malformed("Credential must be KEYID/DATE/REGION/SERVICE/aws4_request");
        }
        if (!signature.matches("[0-9a-fA-F]{64}")) {
            throw malformed("Signature must be 64 hexadecimal digits");
        }
        List<String> headers = List.of(signedHeaders.split(";"));
        if (!headers.contains("host")) {
            throw malformed("'Host' must be a SignedHeader in the AWS Authorization");
        }
        String amzDate = amzDate(request);
        return new Credential(scope[0], amzDate, String.join("/", scope[1], scope[2], scope[3], scope[4]), scope[1],
                headers, signature);
    }

    /** The request time: {@code X-Amz-Date}, else {@code Date} written in SigV4's basic format. */
    private static String amzDate(HttpServletRequest request) {
        String amzDate = request.getHeader("X-Amz-Date");
        if (amzDate != null) {
            try {
                AMZ_DATE.parse(amzDate);
                return amzDate;
            } catch (DateTimeParseException e) {
                throw malformed("X-Amz-Date must be in ISO 8601 basic format, like 20260101T120000Z");
            }
        }
        String date = request.getHeader("Date");
        if (date == null) {
            throw malformed("a signed request needs an X-Amz-Date or a Date header");
        }
        try {
            return AMZ_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            throw malformed("the Date header is not an HTTP date");
        }
    }

    private void checkTime(String amzDate, Instant now) {
        Instant requestTime = Instant.from(AMZ_DATE.parse(amzDate));
        Duration skew = Duration.between(now, requestTime);
        if (skew.abs().compareTo(maxSkew) <= 0) {
            return;
        }
        String minutes = maxSkew.toMinutes() + " min.";
        String message = skew.isNegative()
                ? "Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(maxSkew))
                        + " (" + AMZ_DATE.format(now) + " - " + minutes + ")"
                : "Signature not yet current: " + amzDate + " is still later than " + AMZ_DATE.format(now.plus(maxSkew))
                        + " (" + AMZ_DATE.format(now) + " + " + minutes + ")";
        throw new SignatureRejected(Reason.SKEWED, message + ". The request time is " + skew.abs().toSeconds()
                + " seconds " + (skew.isNegative() ? "behind" : "ahead of") + " the server's clock; at most "
                + maxSkew.toSeconds() + " are allowed.");
    }

    private void checkScope(Credential credential) {
        // -1 keeps empty parts: "KEY/DATE///" has five, and must fail as a wrong scope, not an index error.
        String[] scope = credential.scope().split("/", -1);
        if (!scope[0].equals(credential.amzDate().substring(0, 8))) {
            throw new SignatureRejected(Reason.WRONG_SCOPE, "Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + shorten(scope[0]) + "' != '"
                    + credential.amzDate().substring(0, 8) + "'");
        }
        if (!scope[1].equals(region)) {
            throw new SignatureRejected(Reason.WRONG_SCOPE, "Credential should be scoped to a valid region, not '"
                    + shorten(scope[1]) + "'; this gateway's region is '" + region + "'");
        }
        if (!scope[2].equals(service)) {
            throw new SignatureRejected(Reason.WRONG_SCOPE, "Credential should be scoped to correct service: '"
                    + service + "'");
        }
        if (!scope[3].equals("aws4_request")) {
            throw new SignatureRejected(Reason.WRONG_SCOPE,
                    "Credential should be scoped with a valid terminator: 'aws4_request'");
        }
    }

    /** SigV4's canonical request, from the request as received: its raw path and query, the signed headers. */
    static String canonicalRequest(HttpServletRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder canonical = new StringBuilder(512);
        canonical.append(request.getMethod()).append('\n');
        canonical.append(canonicalUri(request.getRequestURI())).append('\n');
        canonical.append(canonicalQuery(request.getQueryString())).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':').append(canonicalHeaderValue(request, name)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return canonical.toString();
    }

    /**
     * The path as the client had it, encoded once more: every AWS service but S3 signs the path "double encoded".
     */
    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(rawPath, false);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            pairs.add(encode(decode(name), true) + "=" + encode(decode(value), true));
        }
        Collections.sort(pairs);
        return String.join("&", pairs);
    }

    /** Every value of the header, trimmed, runs of spaces made one, joined by commas. */
    private static String canonicalHeaderValue(HttpServletRequest request, String name) {
        List<String> values = Collections.list(request.getHeaders(name));
        List<String> trimmed = new ArrayList<>(values.size());
        for (String value : values) {
            trimmed.add(value.strip().replaceAll(" +", " "));
        }
        return String.join(",", trimmed);
    }

    /** SigV4's URI encoding: every byte but {@code A-Za-z0-9-._~} (and {@code /} in paths) as {@code %XX}. */
    static String encode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static SignatureRejected malformed(String message) {
        return new SignatureRejected(Reason.MALFORMED, message);
    }

    /** Client text quoted in a message, bounded. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
