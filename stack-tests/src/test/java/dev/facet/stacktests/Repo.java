package dev.facet.stacktests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository checkout the tests read (set by surefire as {@code facet.root}). */
final class Repo {

    private Repo() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("facet.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("prometheus")) || !Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the repository root (no prometheus/ or docker-compose.yml): " + root);
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
