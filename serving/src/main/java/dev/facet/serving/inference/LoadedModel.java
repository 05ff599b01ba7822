package dev.facet.serving.inference;

import dev.facet.contracts.bundle.ModelCard;
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
 */
public record LoadedModel(String name, String version, Path directory, Instant loadedAt, Predictor predictor,
                          int trees, int nodes, ModelCard card, TrainingStats stats,
                          ForestExplainer explainer, String explainerNote) {
}
