package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/devices.md's shell blocks as an operator pastes them: each parses in a POSIX shell (dash, Debian's
 * /bin/sh, which has no {@code <(...)}), no CA key is made or copied on the gateway, and the management token
 * file is written.
 */
class DevicesGuideTest {

    private static final Path GUIDE = Path.of("docs", "devices.md");

    private static List<String> shellBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(GUIDE, StandardCharsets.UTF_8)) {
            if (block == null && line.strip().equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyShellBlock_parsesInAPosixShell() throws Exception {
        Path dash = Path.of("/bin/dash");
        assumeTrue(Files.isExecutable(dash), "dash is not installed");
        List<String> blocks = shellBlocks();
        assertThat(blocks).hasSizeGreaterThan(3);
        for (String block : blocks) {
            Process check = new ProcessBuilder(dash.toString(), "-n", "-c", block).redirectErrorStream(true).start();
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.exitValue()).as(block + said).isZero();
        }
    }

    @Test
    void caKeys_stayOffTheGateway() throws IOException {
        for (String block : shellBlocks()) {
            for (String line : block.lines().toList()) {
                boolean onGateway = line.contains("/etc/edgeserve") || block.contains("cd /etc/edgeserve");
                assertThat(onGateway && line.contains("ca.key")).as(line).isFalse();
            }
        }
    }

    @Test
    void managementTokenFile_isWritten() throws IOException {
        assertThat(shellBlocks()).anySatisfy(block -> assertThat(block).contains("> /etc/edgeserve/management-tokens")
                .contains("openssl rand"));
    }
}
