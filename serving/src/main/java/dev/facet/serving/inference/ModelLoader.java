package dev.facet.serving.inference;

import dev.facet.common.bundle.ModelBundle;
import dev.facet.common.data.DiamondsCsv;
import dev.facet.common.forest.CompiledForest;
import dev.facet.common.forest.ForestExplainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;

/** Finds, loads, checks and compiles a bundle, and builds its explainer. */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {
    }

    /**
     * Blocking (file reads, Java deserialisation of the forest, checksums, the explainer's covers: up to
     * seconds): call from a worker.
     *
     * @param modelDir a bundle directory or a root of version directories (the newest is loaded)
     * @throws NoModelException when there is no bundle to load
     */
    public static LoadedModel load(Path modelDir) {
        return loadBundle(ModelBundle.resolve(modelDir).orElseThrow(() -> new NoModelException(modelDir)));
    }

    /**
     * Loads the bundle in {@code dir} (blocking; a worker's job). Throws common's {@code BundleException} (or an
     * {@code UncheckedIOException}) for a missing, corrupt or unreadable bundle.
     *
     * <p>The explainer's background is the model's training rows: the bundled data set minus the bundle's
     * held-out rows (43,152 of 53,940). Counting the covers walks each through every tree once; with reading
     * the CSV that is the load-time cost logged here (see the README for the measured figure).
     */
    public static LoadedModel loadBundle(Path dir) {
        ModelBundle bundle = ModelBundle.load(dir);
        CompiledForest forest = CompiledForest.compile(bundle.model());
        long t0 = System.nanoTime();
        ForestExplainer explainer = null;
        String note;
        try {
            double[][] background = ForestExplainer.trainingRows(DiamondsCsv.loadBundled(), bundle.heldOut());
            explainer = ForestExplainer.of(forest, background);
            note = "TreeSHAP (path-dependent), covers from " + background.length + " training rows, built in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms";
            LOG.info("explainer for {} {}: {}; expected value {}", bundle.name(), bundle.version(), note,
                    explainer.expectedValue());
        } catch (IllegalArgumentException e) {
            // a bundle trained on another CSV: its training rows are not here, so explanations are unavailable
            note = "no explainer: " + e.getMessage();
            LOG.warn("model {} {}: {}", bundle.name(), bundle.version(), note);
        }
        return new LoadedModel(bundle.name(), bundle.version(), dir, Instant.now(), new ForestPredictor(forest),
                forest.trees(), forest.nodes(), bundle.card(), bundle.stats(), explainer, note);
    }

    /** No bundle under the model directory: says where we looked and how to make one. */
    public static final class NoModelException extends RuntimeException {
        public NoModelException(Path modelDir) {
            super("no model bundle in " + modelDir.toAbsolutePath() + " (neither a bundle.json there nor in a version "
                    + "sub-directory); train one first: java -cp <facet-common jar> dev.facet.common.train.TrainCommand "
                    + "--models " + modelDir + " (or set SERVING_MODEL_DIR to an existing bundle)");
        }
    }
}
