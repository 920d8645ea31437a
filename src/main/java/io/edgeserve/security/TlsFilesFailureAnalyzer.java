package io.edgeserve.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Says in one message, instead of a hundred lines of Spring's trace, why HTTPS could not start: which setting
 * names a certificate, key or CA file that is missing or unreadable. Spring Boot prints the analysis in place of
 * the stack trace (which it logs at DEBUG).
 */
public final class TlsFilesFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

    private static final Pattern BUNDLE = Pattern.compile("Unable to register SSL bundle '([^']+)'");
    private static final List<String> FILES = List.of("keystore.certificate", "keystore.private-key",
            "truststore.certificate");

    private final Environment environment;

    public TlsFilesFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
        Matcher bundle = BUNDLE.matcher(String.valueOf(cause.getMessage()));
        if (!bundle.find()) {
            return null;
        }
        String name = bundle.group(1);
        List<String> problems = new ArrayList<>();
        for (String file : FILES) {
            String setting = "spring.ssl.bundle.pem." + name + "." + file;
            String location = environment.getProperty(setting);
            if (location == null || location.isBlank()) {
                continue;
            }
            Path path = Path.of(location.strip().replaceFirst("^file:", ""));
            if (!Files.isRegularFile(path)) {
                problems.add(setting + " names " + path + ", which does not exist");
            } else if (!Files.isReadable(path)) {
                problems.add(setting + " names " + path + ", which edgeserve may not read");
            }
        }
        String gatewayDir = environment.getProperty("edgeserve.gateway.dir");
        String action = "Put the gateway's certificate, its key and the devices' CA in place (docs/devices.md, "
                + "\"Setting up a gateway\")" + (gatewayDir == null ? "" : "; edgeserve.gateway.dir (EDGESERVE_GATEWAY_DIR) is "
                + gatewayDir) + ".";
        if (problems.isEmpty()) {
            return new FailureAnalysis("edgeserve cannot start HTTPS: the files of SSL bundle '" + name
                    + "' cannot be used: " + deepestMessage(cause), action, cause);
        }
        return new FailureAnalysis("edgeserve cannot start HTTPS: " + String.join("; ", problems), action, cause);
    }

    private static String deepestMessage(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage());
    }
}
