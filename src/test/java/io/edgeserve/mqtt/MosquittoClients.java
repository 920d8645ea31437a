package io.edgeserve.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code mosquitto_sub} and {@code mosquitto_pub} as a device's shell script runs them: subscribe to the reply topic,
 * wait for the subscription, publish the request, print the one reply. {@code mosquitto_sub} writes to a file
 * line-buffered ({@code stdbuf -oL}): by default it holds its output until it exits, and the script could not see the
 * subscription granted.
 */
final class MosquittoClients {

    private MosquittoClients() {}

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")) && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto-clients is not installed");
    }

    /**
     * Subscribes with {@code subOptions}, publishes with {@code pubOptions}, and returns what {@code mosquitto_sub}
     * printed for the first message.
     */
    static String exchange(int port, List<String> subOptions, List<String> pubOptions) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile("mosquitto-sub-", ".out");
        String host = " -h 127.0.0.1 -p " + port + " ";
        String script = "stdbuf -oL mosquitto_sub" + host + "-C 1 -W 30 -d " + quoted(subOptions) + " > " + out + " 2>&1 &\n"
                + "sub=$!\n"
                + "for i in $(seq 1 600); do grep -q SUBACK " + out + " && break; sleep 0.05; done\n"
                + "mosquitto_pub" + host + quoted(pubOptions) + " || exit 1\n"
                + "wait $sub\n";
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mosquitto_sub got no message within 60 s: " + Files.readString(out));
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        if (process.exitValue() != 0) {
            throw new AssertionError("the device script failed: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + printed);
        }
        // -d adds the protocol exchange: keep only the message lines.
        return printed.lines().filter(line -> !line.startsWith("Client ") && !line.startsWith("Subscribed ("))
                .collect(Collectors.joining("\n")).strip();
    }

    private static String quoted(List<String> words) {
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
