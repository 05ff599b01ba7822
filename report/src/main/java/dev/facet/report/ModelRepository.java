package dev.facet.report;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.drift.stats.Reference;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The model repository as the command reads it: which models and versions it holds, and a version's
 * {@link Reference}, built exactly as the drift-worker's {@code ModelCatalog} builds it ({@link RepositoryLayout#find},
 * then {@link BundleMetadata#load} reading only the JSON files, the manifest's name and version checked, then
 * {@link Reference#of} over the schema and the training statistics), so a window is judged against the same samples.
 */
final class ModelRepository {

    private final Path root;

    ModelRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The bundles' model names, sorted; for the "unknown model" message. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : RepositoryLayout.bundles(root)) {
            metadata(dir).ifPresent(m -> names.add(m.name()));
        }
        return List.copyOf(names);
    }

    /** The versions of {@code model} in the repository, oldest first (numerically when they are numbers). */
    List<String> versions(String model) {
        TreeSet<String> versions = new TreeSet<>(ModelRepository::compareVersions);
        for (Path dir : RepositoryLayout.bundles(root)) {
            metadata(dir).filter(m -> m.name().equals(model)).ifPresent(m -> versions.add(m.version()));
        }
        return List.copyOf(versions);
    }

    /** Fails naming the models the repository holds when it has no bundle of {@code model}. */
    void requireModel(String model) {
        if (versions(model).isEmpty()) {
            List<String> known = names();
            throw new ReportException("unknown model '" + model + "' in " + root.toAbsolutePath() + "; "
                    + (known.isEmpty() ? "it holds no model bundle (is --models right?)" : "known models: "
                    + String.join(", ", known)));
        }
    }

    /** The newest version of {@code model}: the one a file is compared with unless --version says otherwise. */
    String newest(String model) {
        requireModel(model);
        List<String> v = versions(model);
        return v.get(v.size() - 1);
    }

    /** The reference of {@code model} at {@code version}, or empty when the repository has no such bundle. */
    Optional<Reference> reference(String model, String version) {
        return bundle(model, version).map(m -> Reference.of(model, version, m.schema(), m.stats()));
    }

    /** The metadata of the bundle of {@code model} at {@code version} (its JSON files, never the model). */
    Optional<BundleMetadata> bundle(String model, String version) {
        return RepositoryLayout.find(root, model, version)
                .flatMap(ModelRepository::metadata)
                .filter(m -> m.name().equals(model) && m.version().equals(version));
    }

    /** Like {@link #reference} for a version the caller asked for by name: its absence is the caller's mistake. */
    Reference require(String model, String version) {
        requireModel(model);
        return reference(model, version).orElseThrow(() -> new ReportException("model '" + model
                + "' has no version '" + version + "' in " + root.toAbsolutePath() + "; versions: "
                + String.join(", ", versions(model))));
    }

    private static Optional<BundleMetadata> metadata(Path dir) {
        try {
            return Optional.of(BundleMetadata.load(dir, BundleMetadata.Checks.FILES_READ)); // never the model
        } catch (BundleException | IllegalArgumentException e) {
            return Optional.empty(); // an unreadable bundle is no model of ours; the drift-worker skips it too
        }
    }

    private static int compareVersions(String a, String b) {
        boolean numbers = a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)
                && !a.isEmpty() && !b.isEmpty() && a.length() < 19 && b.length() < 19;
        return numbers ? Comparator.<String>comparingLong(Long::parseLong).compare(a, b) : a.compareTo(b);
    }
}
