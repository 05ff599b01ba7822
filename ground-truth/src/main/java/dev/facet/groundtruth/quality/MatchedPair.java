package dev.facet.groundtruth.quality;

import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.event.ServedPrediction;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One prediction joined with its actual. For a regression, errors are {@code predicted - actual}, as in the
 * bundle's held-out baseline, so a positive bias means the model over-predicts.
 *
 * <p>The windows read only the flat fields (the predicted value or label, the probabilities, the actual), so a
 * pair is made straight from the event as read, of either version, without its generic view: for a version 1
 * event that view is a map of boxed features, built and dropped once a pair. The event itself ({@code source})
 * is kept only for the recent pairs' export, which needs the features; {@link #prediction()} gives its generic
 * view on demand.
 *
 * @param predictedAtMillis the prediction event's timestamp
 * @param receivedAtMillis  when the ground-truth service accepted the actual; the pair's position in the windows
 * @param predicted         a regression's predicted value, NaN for a classification
 * @param label             a classification's predicted label, null for a regression
 * @param probabilities     a classification's class probabilities, null for a regression
 * @param truth             the actual value or label
 * @param source            the prediction event as read, null in a window's copy ({@link #withoutFeatures})
 */
public record MatchedPair(String predictionId, long predictedAtMillis, long receivedAtMillis, String model,
                          String version, double predicted, String label, Map<String, Double> probabilities,
                          Actual truth, ServedPrediction source) implements Comparable<MatchedPair> {

    public MatchedPair {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(truth, "truth");
    }

    /** The pair of {@code prediction}, an event of either version, read off the event's own fields. */
    public MatchedPair(String predictionId, long predictedAtMillis, long receivedAtMillis, ServedPrediction prediction,
                       Actual truth) {
        this(predictionId, predictedAtMillis, receivedAtMillis, prediction.modelName(), prediction.modelVersion(),
                predictedValue(prediction), prediction instanceof ModelPredictionEvent m ? m.label() : null,
                prediction instanceof ModelPredictionEvent m ? m.probabilities() : null, truth, prediction);
    }

    private static double predictedValue(ServedPrediction e) {
        if (e instanceof PredictionEvent v1) {
            return v1.price();
        }
        Double p = ((ModelPredictionEvent) e).prediction();
        return p == null ? Double.NaN : p;
    }

    /** A regression's pair, for tests and tools: model {@code m} version {@code 1}, no features. */
    public static MatchedPair regression(String id, long predictedAtMillis, long receivedAtMillis, double predicted,
                                         double actual) {
        return new MatchedPair(id, predictedAtMillis, receivedAtMillis, "m", "1", predicted, null, null,
                Actual.value(actual), null);
    }

    /**
     * This pair without the prediction event, as the quality windows keep it: a window of an hour can hold
     * millions of pairs, and the event's features would be most of their memory, for figures that never read
     * them. The pairs export keeps its own bounded copies with the event.
     */
    public MatchedPair withoutFeatures() {
        if (source == null) {
            return this;
        }
        return new MatchedPair(predictionId, predictedAtMillis, receivedAtMillis, model, version, predicted, label,
                probabilities, truth, null);
    }

    /**
     * The prediction's generic view (either version): with its features when this pair has its event, without
     * them in a window's copy. Built on each call, for the pairs export; the windows read the flat fields.
     */
    public ModelPredictionEvent prediction() {
        if (source != null) {
            return ModelPredictionEvent.of(source);
        }
        return new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, predictionId,
                Instant.ofEpochMilli(predictedAtMillis), model, version,
                label == null ? ModelPredictionEvent.REGRESSION : ModelPredictionEvent.CLASSIFICATION, Map.of(),
                label == null ? predicted : null, label, probabilities);
    }

    /** The regression's actual value (NaN for a classification). */
    public double actual() {
        return truth.value();
    }

    public double error() {
        return predicted - truth.value();
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
