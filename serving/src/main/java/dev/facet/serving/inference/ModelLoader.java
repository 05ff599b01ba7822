package dev.facet.serving.inference;

import dev.facet.common.bundle.ModelBundle;
import dev.facet.common.forest.CompiledForest;

import java.nio.file.Path;
import java.time.Instant;

/** Finds, loads, checks and compiles the newest bundle under the model directory. */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Blocking (file reads, Java deserialisation of the forest, checksums: up to seconds): call from a worker.
     *
     * @param modelDir a bundle directory or a root of version directories
     * @throws NoModelException when there is no bundle to load
     */
    public static LoadedModel load(Path modelDir) {
        Path dir = ModelBundle.resolve(modelDir).orElseThrow(() -> new NoModelException(modelDir));
        ModelBundle bundle = ModelBundle.load(dir);
        CompiledForest forest = CompiledForest.compile(bundle.model());
        return new LoadedModel(bundle.name(), bundle.version(), dir, Instant.now(), new ForestPredictor(forest),
                forest.trees(), forest.nodes(), bundle.card(), bundle.stats());
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
