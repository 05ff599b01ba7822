package dev.facet.drift.models;

import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleManifest;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.bundle.RepositoryLayout;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.ModelSchema;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the model repository holds, for the reports: the models and versions deployed (from each bundle's
 * manifest) and a version's schema. Reads small JSON files on every call, never the statistics or the model, so
 * a model deployed a moment ago is known at once; blocking, for a worker thread. Unreadable bundles are skipped
 * (the consumer logs them when their events come).
 */
public final class RepositoryModels {

    /** Numeric versions compare as numbers and before textual ones, as the bundle loader orders them. */
    private static final Comparator<String> VERSIONS = (a, b) -> {
        boolean an = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bn = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    };

    private final Path root;

    public RepositoryModels(Path root) {
        this.root = root;
    }

    /** Every model of the repository with its versions, oldest first; models by name. */
    public Map<String, List<String>> versions() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Path dir : RepositoryLayout.bundles(root)) {
            manifest(dir).ifPresent(m -> out.computeIfAbsent(m.modelName(), n -> new ArrayList<>()).add(m.modelVersion()));
        }
        out.values().forEach(v -> v.sort(VERSIONS));
        return out;
    }

    /** The newest version of {@code name} in the repository. */
    public Optional<String> newest(String name) {
        List<String> v = versions().get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** The schema of {@code name} at {@code version}, when the repository holds that bundle and it reads. */
    public Optional<ModelSchema> schema(String name, String version) {
        Optional<Path> dir = RepositoryLayout.find(root, name, version);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Optional<BundleManifest> m = manifest(dir.get());
        if (m.isEmpty() || !m.get().modelName().equals(name) || !m.get().modelVersion().equals(version)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BundleMetadata.declaredSchema(dir.get(), m.get()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<BundleManifest> manifest(Path dir) {
        try {
            return Optional.of(Json.MAPPER.readValue(dir.resolve(BundleFiles.MANIFEST).toFile(), BundleManifest.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
