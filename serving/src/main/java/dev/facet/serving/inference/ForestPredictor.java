package dev.facet.serving.inference;

import dev.facet.forest.CompiledForest;
import dev.facet.contracts.schema.Diamond;

import java.util.List;

/**
 * The random forest as flat arrays ({@link CompiledForest}): equal to Tribuo's prediction within 1e-9, without
 * Tribuo's per-call allocation of examples and feature maps. The bundle keeps Tribuo's model as the storage
 * format; this is only the serving path.
 *
 * <p>Cheap enough to run a single row on the event loop, where parsing the request's JSON costs more (the
 * padded walk of {@code Padded}; ModelBench's figures: BENCHMARKS.md). Batches go tree-major
 * ({@link CompiledForest#predictAll}), about the same per row.
 */
public final class ForestPredictor implements Predictor {

    private final CompiledForest forest;

    public ForestPredictor(CompiledForest forest) {
        this.forest = forest;
    }

    @Override
    public double predict(Diamond diamond) {
        return forest.predict(diamond);
    }

    /** Tree-major over the whole batch ({@link CompiledForest#predictAll}): the same prices, fewer cache misses. */
    @Override
    public double[] predictAll(List<Diamond> rows) {
        double[][] vectors = new double[rows.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = rows.get(i).toVector();
        }
        return forest.predictAll(vectors);
    }

    public int trees() {
        return forest.trees();
    }

    public int nodes() {
        return forest.nodes();
    }
}
