package dev.facet.groundtruth.http;

import java.time.Instant;

/** One validated actual price; {@code predictionId} is the canonical lower-case UUID. */
public record FeedbackRequest(String predictionId, double actualPrice, Instant observedAt) {
}
