package dev.facet.groundtruth.quality;

import dev.facet.contracts.event.ModelPredictionEvent;

import java.time.Instant;
import java.util.Map;

/**
 * One prediction joined with its actual. For a regression, errors are {@code predicted - actual}, as in the
 * bundle's held-out baseline, so a positive bias means the model over-predicts.
 *
 * @param predictedAtMillis the prediction event's timestamp
 * @param receivedAtMillis  when the ground-truth service accepted the actual; the pair's position in the windows
 * @param prediction        the prediction event (the generic view of either version)
 * @param truth             the actual value or label
 */
public record MatchedPair(String predictionId, long predictedAtMillis, long receivedAtMillis,
                          ModelPredictionEvent prediction, Actual truth) implements Comparable<MatchedPair> {

    /** A regression's pair, for tests and tools: model {@code m} version {@code 1}, no features. */
    public static MatchedPair regression(String id, long predictedAtMillis, long receivedAtMillis, double predicted,
                                         double actual) {
        ModelPredictionEvent e = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                "00000000-0000-0000-0000-000000000000", Instant.ofEpochMilli(predictedAtMillis), "m", "1",
                ModelPredictionEvent.REGRESSION, Map.of(), predicted, null, null);
        return new MatchedPair(id, predictedAtMillis, receivedAtMillis, e, Actual.value(actual));
    }

    /**
     * This pair without the prediction's features, as the quality windows keep it: a window of an hour can hold
     * millions of pairs, and the features (a map of boxed values) would be most of their memory, for figures that
     * never read them. The pairs export keeps its own bounded copies with features.
     */
    public MatchedPair withoutFeatures() {
        if (prediction.features().isEmpty()) {
            return this;
        }
        ModelPredictionEvent e = prediction;
        return new MatchedPair(predictionId, predictedAtMillis, receivedAtMillis, new ModelPredictionEvent(
                e.schemaVersion(), e.predictionId(), e.timestamp(), e.modelName(), e.modelVersion(), e.task(),
                Map.of(), e.prediction(), e.label(), e.probabilities()), truth);
    }

    public String model() {
        return prediction.modelName();
    }

    /** The regression's predicted value (NaN for a classification). */
    public double predicted() {
        return prediction.prediction() == null ? Double.NaN : prediction.prediction();
    }

    /** The regression's actual value (NaN for a classification). */
    public double actual() {
        return truth.value();
    }

    public double error() {
        return predicted() - actual();
    }

    /**
     * Orders pairs by when their actual was received, then by id: a total order that does not depend on which of
     * the two events the joiner read first, so windows rebuilt by replay equal those of an uninterrupted run.
     */
    @Override
    public int compareTo(MatchedPair o) {
        int c = Long.compare(receivedAtMillis, o.receivedAtMillis);
        return c != 0 ? c : predictionId.compareTo(o.predictionId);
    }
}
