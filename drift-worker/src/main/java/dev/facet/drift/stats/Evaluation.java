package dev.facet.drift.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one window. Without enough events ({@code verdict == false}) there are no feature results
 * and {@code reason} says why.
 *
 * @param driftedShare  drifted tests / tests (ten: six numeric, three categorical, the prediction)
 * @param datasetDrift  {@code driftedShare >= datasetShare}
 */
public record Evaluation(String window, Instant evaluatedAt, int size, boolean verdict, String reason,
                         Instant firstEventTime, Instant lastEventTime, Map<Integer, long[]> offsets,
                         List<FeatureResult> features, int drifted, double driftedShare, double datasetShare,
                         boolean datasetDrift, String correction, double alpha) {
}
