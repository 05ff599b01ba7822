package dev.facet.forest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A bundle's files copied into a scratch folder, for the tests that damage one. */
final class BundleCopies {

    private BundleCopies() {
    }

    /** Copies every file of {@code bundle} into {@code tmp/copy} and returns that folder. */
    static Path copy(Path bundle, Path tmp) throws IOException {
        Path dst = tmp.resolve("copy");
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, dst.resolve(p.getFileName()));
            }
        }
        return dst;
    }
}
