package dev.facet.groundtruth.http;

import java.time.Instant;

/**
 * One validated actual; {@code predictionId} is the canonical lower-case UUID. Exactly one of {@code value} (a
 * regression's actual) and {@code label} (a classification's) is set.
 */
public record FeedbackRequest(String predictionId, Double value, String label, Instant observedAt) {
}
