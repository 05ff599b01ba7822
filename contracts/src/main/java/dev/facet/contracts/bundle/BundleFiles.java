package dev.facet.contracts.bundle;

import java.util.List;

/** File names inside a model bundle directory, and the bundle format version. */
public final class BundleFiles {

    /** Version of the bundle layout; loaders refuse others. */
    public static final int FORMAT_VERSION = 1;

    public static final String MANIFEST = "bundle.json";
    /** Tribuo's protobuf serialization ({@code Model.serializeToFile}). */
    public static final String MODEL = "model.tribuo";
    public static final String STATS = "training-stats.json";
    public static final String CARD = "model-card.json";
    public static final String HELD_OUT = "heldout-rows.json";

    /**
     * The compiled forest and its explainer's covers ({@code ForestFile}), derived from {@link #MODEL} at training:
     * what serving loads. Optional: a bundle without it is compiled from the Tribuo model at load (slower).
     */
    public static final String FOREST = "forest.bin";

    /**
     * What the model takes and answers ({@code ModelSchema}): features in model order, their kinds, ranges,
     * categories and whether they may be missing, and the task. Optional for the bundles written before it
     * existed, which are all of the diamonds model and read as {@code DiamondSchema.MODEL_SCHEMA}.
     */
    public static final String SCHEMA = "schema.json";

    /** Files checked when the manifest lists them. */
    public static final List<String> OPTIONAL = List.of(FOREST, SCHEMA);

    /** Every file the manifest must list, in the order they are checked. */
    public static final List<String> CONTENT = List.of(MODEL, STATS, CARD, HELD_OUT);

    private BundleFiles() {
    }
}
