package dev.facet.serving.inference;

import dev.facet.contracts.bundle.ModelCard;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ForestExplainer;
import dev.facet.contracts.stats.TrainingStats;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A model ready to serve, with what the endpoints say about it. Immutable: a reload builds a new one and swaps
 * the reference, so a request sees one model (prediction and explanation alike) from start to end.
 *
 * @param explainer TreeSHAP over the same compiled forest as {@code predictor}, covers counted on the model's
 *                  training rows; null when those rows are not available (a bundle trained on other data than
 *                  the bundled CSV), and then {@code explainerNote} says why
 * @param explainerNote how the explainer was built (background rows, build time) or why there is none
 * @param schema    what the bundle declares it takes and answers ({@code schema.json})
 * @param forest    the compiled forest behind {@code predictor}: the generic (schema-driven) paths call it with
 *                  feature vectors in schema order
 * @param diamonds  whether the schema is the diamonds' ({@link #isDiamonds})
 */
public record LoadedModel(String name, String version, Path directory, Instant loadedAt, Predictor predictor,
                          int trees, int nodes, ModelCard card, TrainingStats stats,
                          ForestExplainer explainer, String explainerNote, ModelSchema schema, CompiledForest forest,
                          boolean diamonds) {

    /**
     * True for the diamonds regressor's schema: such a model keeps its typed fast path ({@code DiamondReader},
     * version 1 events), so its clients see exactly what they saw before models were data. Decided once at load
     * (the {@code diamonds} component), since the original routes ask on every request.
     */
    public static boolean isDiamonds(ModelSchema schema) {
        // by names and task, not by equality: descriptions and units read back from a file may differ in wording
        return schema.task() instanceof Task.Regression r && r.target().equals(DiamondSchema.TARGET)
                && schema.names().equals(DiamondSchema.names());
    }

    public boolean classifier() {
        return schema.isClassification();
    }
}
