package dev.facet.contracts.event;

import java.time.Instant;

/**
 * A prediction event of either version, as a monitor reads the {@code predictions} topic: version 1 (the
 * diamonds' own shape, kept so that no existing reader breaks) or version 2 (any model that is data).
 * {@link ModelPredictionEvent#of(ServedPrediction)} gives the generic view of either.
 */
public sealed interface ServedPrediction permits PredictionEvent, ModelPredictionEvent {

    int schemaVersion();

    String predictionId();

    Instant timestamp();

    String modelName();

    String modelVersion();
}
