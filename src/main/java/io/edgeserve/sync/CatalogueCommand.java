package io.edgeserve.sync;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar edgeserve.jar catalogue keygen|build|verify ...}: what a publisher's CI runs to sign what a
 * fleet follows (docs/publishing.md). Exit status 0 on success, 1 when a check fails, 2 on a usage error.
 */
public final class CatalogueCommand {

    public static final String NAME = "catalogue";
    public static final String PRIVATE_KEY_FILE = "catalogue-private.pem";
    public static final String PUBLIC_KEY_FILE = "catalogue-public.pem";

    private static final String USAGE = """
            usage: catalogue keygen DIR
                   catalogue build MODELS_DIR OUT_DIR --key PRIVATE.pem [--version N] [--valid-for P30D] [--atomic]
                   catalogue verify DIR --public-key PUBLIC.pem""";

    private CatalogueCommand() {}

    public static int run(String[] args) {
        return run(args, System.out, System.err, Clock.systemUTC());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        List<String> positional = new ArrayList<>();
        String key = null;
        String publicKey = null;
        Long version = null;
        Duration validFor = Duration.ofDays(30);
        boolean atomic = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = args[++i];
                    case "--public-key" -> publicKey = args[++i];
                    case "--version" -> version = Long.parseLong(args[++i]);
                    case "--valid-for" -> validFor = Duration.parse(args[++i]);
                    case "--atomic" -> atomic = true;
                    default -> positional.add(args[i]);
                }
            }
        } catch (RuntimeException e) {
            err.println("catalogue: bad option: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        String command = positional.isEmpty() ? "" : positional.getFirst();
        try {
            return switch (command) {
                case "keygen" -> positional.size() == 2 ? keygen(Path.of(positional.get(1)), out) : usage(err);
                case "build" -> positional.size() == 3 && key != null
                        ? build(Path.of(positional.get(1)), Path.of(positional.get(2)), Path.of(key), version,
                                clock.instant().plus(validFor), atomic, out)
                        : usage(err);
                case "verify" -> positional.size() == 2 && publicKey != null
                        ? verify(Path.of(positional.get(1)), Path.of(publicKey), clock, out, err)
                        : usage(err);
                default -> usage(err);
            };
        } catch (IOException | IllegalArgumentException e) {
            err.println("catalogue " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int keygen(Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        KeyPair pair = Ed25519Keys.generate();
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Files.writeString(privateFile, Ed25519Keys.privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply
        }
        Files.writeString(dir.resolve(PUBLIC_KEY_FILE), Ed25519Keys.publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
        out.println("wrote " + privateFile + " (keep it secret) and " + dir.resolve(PUBLIC_KEY_FILE)
                + " (give it to gateways: edgeserve.sync.public-keys)");
        return 0;
    }

    private static int build(Path models, Path outDir, Path key, Long version, Instant expires, boolean atomic,
            PrintStream out) throws IOException {
        Catalogue catalogue = CatalogueBuilder.build(models, outDir, Ed25519Keys.readPrivate(Files.readString(key)),
                version, expires, atomic);
        out.println("catalogue version " + catalogue.version() + ", expires " + catalogue.expires() + ", in " + outDir);
        for (Catalogue.Release release : catalogue.models()) {
            out.println("  " + release.name() + " version " + release.version() + ": " + release.files().size()
                    + " files, " + release.totalBytes() + " bytes" + (release.selfTest() != null ? ", self-test" : ""));
        }
        return 0;
    }

    private static int verify(Path dir, Path publicKeyFile, Clock clock, PrintStream out, PrintStream err)
            throws IOException {
        PublicKey key = Ed25519Keys.readPublic(Files.readString(publicKeyFile));
        byte[] json = Files.readAllBytes(dir.resolve(SyncAgent.CATALOGUE));
        Path signatureFile = dir.resolve(SyncAgent.SIGNATURE);
        byte[] signature = Files.exists(signatureFile) ? Files.readAllBytes(signatureFile) : null;
        Catalogue catalogue;
        try {
            catalogue = new CatalogueCheck(List.of(key), Duration.ZERO, clock).verify(json, signature, 0);
        } catch (SyncFailure e) {
            err.println("refused (" + e.reason().tag() + "): " + e.getMessage());
            return 1;
        }
        int bad = 0;
        for (Catalogue.Release release : catalogue.models()) {
            for (Catalogue.FileEntry file : release.files()) {
                Path path = dir.resolve(file.path());
                if (!Files.isRegularFile(path)) {
                    err.println("missing: " + file.path());
                    bad++;
                } else if (Files.size(path) != file.size() || !FileFetcher.sha256(path).equals(file.sha256())) {
                    err.println("differs from the catalogue: " + file.path());
                    bad++;
                }
            }
        }
        if (bad > 0) {
            return 1;
        }
        out.println("catalogue version " + catalogue.version() + " is signed by " + publicKeyFile.getFileName()
                + ", expires " + catalogue.expires() + ", and all " + catalogue.models().stream()
                        .mapToInt(release -> release.files().size()).sum() + " files match");
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }
}
