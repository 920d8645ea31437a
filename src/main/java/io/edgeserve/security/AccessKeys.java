package io.edgeserve.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access keys that may sign requests, by key id. A secret never leaves this class: callers get the SigV4
 * signing key derived from it, and {@link #toString()} names key ids only.
 */
final class AccessKeys {

    private static final Logger log = LoggerFactory.getLogger(AccessKeys.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9]{4,128}");

    private final Map<String, byte[]> secrets;

    private AccessKeys(Map<String, byte[]> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** The keys of a file ({@code ID=SECRET} lines, or a JSON object) and of {@code ID:SECRET} entries. */
    static AccessKeys load(Path file, List<String> entries) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (file != null) {
            keys.putAll(readFile(file));
        }
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("an access key entry must be ID:SECRET");
            }
            keys.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        }
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        keys.forEach((id, secret) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("access key id '" + id + "' must be 4 to 128 letters and digits");
            }
            if (secret.isEmpty() || secret.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("the secret of access key '" + id
                        + "' is empty or holds white space");
            }
            secrets.put(id, secret.getBytes(StandardCharsets.UTF_8));
        });
        return new AccessKeys(secrets);
    }

    boolean isEmpty() {
        return secrets.isEmpty();
    }

    boolean contains(String keyId) {
        return secrets.containsKey(keyId);
    }

    /** SigV4's signing key for one day, region and service, or empty for an unknown key id. */
    Optional<byte[]> signingKey(String keyId, String date, String region, String service) {
        byte[] secret = secrets.get(keyId);
        if (secret == null) {
            return Optional.empty();
        }
        byte[] prefixed = new byte[secret.length + 4];
        System.arraycopy("AWS4".getBytes(StandardCharsets.US_ASCII), 0, prefixed, 0, 4);
        System.arraycopy(secret, 0, prefixed, 4, secret.length);
        byte[] key = hmac(prefixed, date);
        key = hmac(key, region);
        key = hmac(key, service);
        return Optional.of(hmac(key, "aws4_request"));
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
            warnIfOthersCanRead(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the access keys file " + file, e);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        if (text.stripLeading().startsWith("{")) {
            try {
                JsonNode root = JsonMapper.builder().build().readTree(text);
                root.properties().forEach(entry -> keys.put(entry.getKey(), entry.getValue().asString()));
            } catch (JacksonException e) {
                // The parser's message may quote the file, secrets included.
                throw new IllegalArgumentException("the access keys file " + file
                        + " is not a JSON object of ID: SECRET");
            }
        } else {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the access keys file " + file + " is not ID=SECRET lines");
            }
            properties.stringPropertyNames().forEach(id -> keys.put(id, properties.getProperty(id)));
        }
        return keys;
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("The access keys file {} can be read by every user of this machine; chmod 600 it", file);
        }
    }

    @Override
    public String toString() {
        return "AccessKeys" + secrets.keySet();
    }
}
