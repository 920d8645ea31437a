package io.edgeserve.sagemaker;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides which folders {@code POST /models} may load from: a local path (or {@code file:} URL) that lies,
 * after every link is followed, inside one of the allowed roots, and whose files do too. A {@code ..}
 * segment is refused outright, so a traversal attempt is never even resolved.
 */
final class ModelUrlPolicy {

    private final List<Path> roots;

    ModelUrlPolicy(List<Path> allowedRoots) {
        List<Path> real = new ArrayList<>();
        for (Path root : allowedRoots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // A root that does not exist allows nothing; SageMaker's /opt/ml/models is absent off SageMaker.
            }
        }
        this.roots = List.copyOf(real);
    }

    /** @throws ProblemException 400 naming why the url is refused */
    Path resolve(String url) {
        String path = url.startsWith("file:") ? URI.create(url).getPath() : url;
        if (path == null || !path.startsWith("/")) {
            throw refused(url, "only absolute local paths or file: URLs can be loaded");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw refused(url, "'..' is not allowed in a model url");
            }
        }
        Path real;
        try {
            real = Path.of(path).toRealPath();
        } catch (IOException e) {
            throw refused(url, "no such folder");
        }
        if (!Files.isDirectory(real)) {
            throw refused(url, "not a folder");
        }
        requireInsideRoots(url, real);
        try (Stream<Path> files = Files.list(real)) {
            for (Path file : files.toList()) {
                if (Files.isSymbolicLink(file)) {
                    requireInsideRoots(url, file.toRealPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return real;
    }

    private void requireInsideRoots(String url, Path real) {
        if (roots.stream().noneMatch(real::startsWith)) {
            throw refused(url, "it lies outside the allowed roots (edgeserve.models.allowed-roots and the model folder)");
        }
    }

    private static ProblemException refused(String url, String why) {
        return new ProblemException(ProblemType.MODEL_URL_REFUSED, "cannot load from '" + url + "': " + why).with("url", url);
    }
}
