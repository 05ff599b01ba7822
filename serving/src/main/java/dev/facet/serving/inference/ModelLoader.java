package dev.facet.serving.inference;

import dev.facet.contracts.bundle.BundleException;
import dev.facet.contracts.bundle.BundleFiles;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.contracts.stats.TrainingStats;
import dev.facet.forest.ModelBundle;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ForestExplainer;
import dev.facet.forest.ForestFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Finds, loads, checks and compiles a bundle, and builds its explainer. */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {
    }

    /**
     * Blocking (file reads and checksums: about 0.2 s for the default forest): call from a worker.
     *
     * @param modelDir a bundle directory or a root of version directories (the newest is loaded)
     * @throws NoModelException when there is no bundle to load
     */
    public static LoadedModel load(Path modelDir) {
        return loadBundle(BundleMetadata.resolve(modelDir).orElseThrow(() -> new NoModelException(modelDir)));
    }

    /**
     * Loads the bundle in {@code dir} (blocking; a worker's job). Throws common's {@code BundleException} (or an
     * {@code UncheckedIOException}) for a missing, corrupt or unreadable bundle.
     *
     * <p>Reads the metadata (checksums of every file) and {@code forest.bin}, the compiled forest with its
     * explainer's covers counted over the training rows at training time, so Tribuo's model, far slower to
     * deserialize and far larger on the heap (BENCHMARKS.md), is never read. A bundle
     * without {@code forest.bin} (written before it existed) is compiled from the Tribuo model instead.
     */
    public static LoadedModel loadBundle(Path dir) {
        long t0 = System.nanoTime();
        BundleMetadata meta = BundleMetadata.load(dir);
        ForestFile.Contents contents = ModelBundle.loadForest(meta);
        CompiledForest forest = contents.forest();
        checkAgainstSchema(meta, forest);
        ForestExplainer explainer = contents.explainer();
        String note = explainer == null
                ? "no explainer: the bundle has no covers (its model was not trained on the bundled data)"
                : "TreeSHAP (path-dependent), covers from " + explainer.backgroundSize() + " training rows";
        LOG.info("loaded {} {} from {} in {} ms ({} trees, {} nodes); {}", meta.name(), meta.version(), dir,
                (System.nanoTime() - t0) / 1_000_000, forest.trees(), forest.nodes(),
                explainer == null ? note : note + ", expected value " + (forest.isClassifier()
                        ? Arrays.toString(explainer.expectedValues()) : explainer.expectedValue()));
        return new LoadedModel(meta.name(), meta.version(), dir, Instant.now(), new ForestPredictor(forest),
                forest.trees(), forest.nodes(), meta.card(), meta.stats(), explainer, note, meta.schema(), forest,
                LoadedModel.isDiamonds(meta.schema()));
    }

    /**
     * Holds the schema to what the bundle's other files say of the model, since serving reads the compiled forest and
     * never the Tribuo model (where the trainer checked it): the forest's task and class count, and the training
     * statistics' features (written from the training data's columns), which catch a renamed or retyped feature that
     * a feature count alone would not. A mismatch is refused naming the files and the features, never half-served.
     */
    static void checkAgainstSchema(BundleMetadata meta, CompiledForest forest) {
        ModelSchema schema = meta.schema();
        Path schemaFile = meta.directory().resolve(BundleFiles.SCHEMA);
        if (forest.isClassifier() != schema.isClassification()) {
            throw new BundleException(schemaFile + " declares a " + (schema.isClassification() ? "classification"
                    : "regression") + " but " + BundleFiles.FOREST + " holds a " + (forest.isClassifier() ? "classifier"
                    : "regressor"));
        }
        if (schema.task() instanceof Task.Classification c && forest.classes() != c.labels().size()) {
            throw new BundleException(schemaFile + " lists " + c.labels().size() + " labels " + c.labels() + " but "
                    + BundleFiles.FOREST + " answers " + forest.classes() + " classes");
        }
        TrainingStats stats = meta.stats();
        List<String> unknown = new ArrayList<>();
        for (Feature f : schema.features()) {
            boolean known = f.isNumeric() ? stats.numeric().containsKey(f.name()) : stats.categorical().containsKey(f.name());
            if (!known) {
                unknown.add(f.name() + " (" + (f.isNumeric() ? "numeric" : "categorical") + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new BundleException(schemaFile + " lists features the model was not trained on, by "
                    + BundleFiles.STATS + ": " + unknown + "; trained on numeric " + stats.numeric().keySet()
                    + " and categorical " + stats.categorical().keySet());
        }
    }

    /** No bundle under the model directory: says where we looked and how to make one. */
    public static final class NoModelException extends RuntimeException {
        public NoModelException(Path modelDir) {
            super("no model bundle in " + modelDir.toAbsolutePath() + " (neither a bundle.json there nor in a version "
                    + "sub-directory); train one first: java -cp <facet-common jar> dev.facet.trainer.TrainCommand "
                    + "--models " + modelDir + " (or set SERVING_MODEL_DIR to an existing bundle)");
        }
    }
}
