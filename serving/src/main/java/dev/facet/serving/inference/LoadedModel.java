package dev.facet.serving.inference;

import dev.facet.common.bundle.ModelCard;
import dev.facet.common.stats.TrainingStats;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A model ready to serve, with what the endpoints say about it. Immutable: a reload builds a new one and swaps
 * the reference, so a request sees one model from start to end.
 */
public record LoadedModel(String name, String version, Path directory, Instant loadedAt, Predictor predictor,
                          int trees, int nodes, ModelCard card, TrainingStats stats) {
}
