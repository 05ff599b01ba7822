package dev.facet.contracts.event;

import dev.facet.contracts.schema.Diamond;

import java.time.Instant;
import java.util.Objects;

/**
 * One served prediction, as published to the {@code predictions} topic, keyed by {@code predictionId}.
 * Its JSON form is specified by {@code schemas/prediction-event.v1.schema.json} and written and read by
 * {@link EventCodec}.
 */
public record PredictionEvent(int schemaVersion, String predictionId, Instant timestamp,
                              String modelName, String modelVersion, Diamond features, double price)
        implements ServedPrediction {

    /** The version this code writes and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;

    public PredictionEvent {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(features, "features");
    }

    public static PredictionEvent of(String predictionId, Instant timestamp, String modelName, String modelVersion,
                                     Diamond features, double price) {
        return new PredictionEvent(SCHEMA_VERSION, predictionId, timestamp, modelName, modelVersion, features, price);
    }
}
