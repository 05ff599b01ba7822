package dev.facet.contracts.event;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.Feature;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One served prediction of a model that is data (any schema but the diamonds', whose events stay
 * {@link PredictionEvent} version 1), as published to the {@code predictions} topic, keyed by {@code predictionId}.
 * Its JSON form is specified by {@code schemas/prediction-event.v2.schema.json} and written and read by
 * {@link EventCodec}.
 *
 * @param task          {@code regression} or {@code classification}
 * @param features      by schema name, in schema order: a Double, a String (a category) or null (missing)
 * @param prediction    the regression's value; null for a classification
 * @param label         the classification's label; null for a regression
 * @param probabilities the probability of every label, in the schema's label order; null for a regression
 */
public record ModelPredictionEvent(int schemaVersion, String predictionId, Instant timestamp, String modelName,
                                   String modelVersion, String task, Map<String, Object> features, Double prediction,
                                   String label, Map<String, Double> probabilities)
        implements ServedPrediction {

    /** The version of this shape. */
    public static final int SCHEMA_VERSION = 2;
    public static final String REGRESSION = "regression";
    public static final String CLASSIFICATION = "classification";

    /**
     * The generic view of an event of either version: a version 1 event becomes a regression whose features are
     * the diamond's, by schema name, and whose prediction is its price. The schema version stays the event's own.
     */
    public static ModelPredictionEvent of(ServedPrediction event) {
        if (event instanceof ModelPredictionEvent m) {
            return m;
        }
        PredictionEvent v1 = (PredictionEvent) event;
        Diamond d = v1.features();
        Map<String, Object> features = new LinkedHashMap<>();
        for (Feature f : DiamondSchema.FEATURES) {
            features.put(f.name(), f.isNumeric() ? (Object) d.numeric(f.name()) : d.category(f.name()));
        }
        return new ModelPredictionEvent(v1.schemaVersion(), v1.predictionId(), v1.timestamp(), v1.modelName(),
                v1.modelVersion(), REGRESSION, features, v1.price(), null, null);
    }

    public ModelPredictionEvent {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        // a LinkedHashMap copy, not Map.copyOf: the order is the schema's, and a missing value is a null
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        probabilities = probabilities == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        if (REGRESSION.equals(task)) {
            if (prediction == null || label != null || probabilities != null) {
                throw new IllegalArgumentException("a regression's event has a prediction and no label");
            }
        } else if (CLASSIFICATION.equals(task)) {
            if (prediction != null || label == null || probabilities == null) {
                throw new IllegalArgumentException("a classification's event has a label and probabilities");
            }
        } else {
            throw new IllegalArgumentException("task must be regression or classification, got " + task);
        }
    }
}
