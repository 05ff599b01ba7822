package dev.facet.drift.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one window of one model version. Without enough events ({@code verdict == false}) there are no
 * feature results and {@code reason} says why; the data-quality shares are there either way.
 *
 * @param driftedShare  drifted tests / tests run (features with a reference, plus the model's outputs)
 * @param datasetDrift  {@code driftedShare >= datasetShare}
 * @param quality       per schema feature, in schema order
 */
public record Evaluation(String modelName, String modelVersion, String window, Instant evaluatedAt, int size,
                         boolean verdict, String reason, Instant firstEventTime, Instant lastEventTime,
                         Map<Integer, long[]> offsets, List<FeatureResult> features, int drifted,
                         double driftedShare, double datasetShare, boolean datasetDrift, String correction,
                         double alpha, List<FeatureQuality> quality) {
}
