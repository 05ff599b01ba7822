package dev.facet.contracts.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the bundles of a model repository are, for the services that read only their metadata (the monitors).
 * Serving loads the same layouts; they are, newest first:
 * <ul>
 *   <li>a repository, {@code <root>/<name>/<version>/}: several models, each with its versions;</li>
 *   <li>one model's versions, {@code <root>/<version>/}, the layout before repositories;</li>
 *   <li>one bundle, {@code <root>} itself.</li>
 * </ul>
 * In the two older layouts the model's name is in its manifest, not in a path, so a caller that looks a bundle up
 * by name checks the manifest's name (see {@link #find}).
 */
public final class RepositoryLayout {

    private RepositoryLayout() {
    }

    /**
     * The directory that should hold model {@code name} at {@code version}: {@code <root>/<name>/<version>} when
     * it holds a bundle, else the one-model layouts' {@code <root>/<version>} or {@code <root>}, whose manifest the
     * caller must check names {@code name}. Empty when none holds a bundle. Reads only the file system.
     */
    public static Optional<Path> find(Path root, String name, String version) {
        if (!safe(name) || !safe(version)) {
            return Optional.empty(); // a name from an event never walks out of the repository
        }
        for (Path candidate : List.of(root.resolve(name).resolve(version), root.resolve(version), root)) {
            if (isBundle(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every bundle directory under {@code root}, in any of the three layouts, in file-name order. */
    public static List<Path> bundles(Path root) {
        if (isBundle(root)) {
            return List.of(root);
        }
        List<Path> found = new ArrayList<>();
        for (Path child : children(root)) {
            if (isBundle(child)) {
                found.add(child);
            } else {
                children(child).stream().filter(RepositoryLayout::isBundle).forEach(found::add);
            }
        }
        return found;
    }

    public static boolean isBundle(Path dir) {
        return Files.isRegularFile(dir.resolve(BundleFiles.MANIFEST));
    }

    private static boolean safe(String part) {
        try {
            BundleMetadata.checkVersion(part); // names and versions share one alphabet: both are directories
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new BundleException("cannot list model directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
