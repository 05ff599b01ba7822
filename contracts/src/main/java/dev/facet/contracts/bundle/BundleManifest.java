package dev.facet.contracts.bundle;

import java.util.Map;

/**
 * {@code bundle.json}: the format version, the model's name and version, and the SHA-256 of every other file,
 * so a loader can tell a truncated or edited bundle from a good one before trusting it.
 */
public record BundleManifest(int formatVersion, String modelName, String modelVersion, String createdAt,
                             Map<String, String> files) {

    public BundleManifest {
        files = Map.copyOf(files);
    }
}
