package dev.facet.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The actual price of a diamond whose price was predicted earlier, as published to the {@code ground-truth}
 * topic keyed by {@code predictionId} (so it lands in the same partition as its prediction).
 * {@code observedAt} is when the sale happened (client-supplied, defaults to {@code receivedAt});
 * {@code receivedAt} is when the ground-truth service accepted it.
 */
public record FeedbackEvent(int schemaVersion, String predictionId, double actualPrice,
                            Instant observedAt, Instant receivedAt) {

    /** The version this code writes and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;

    public FeedbackEvent {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public static FeedbackEvent of(String predictionId, double actualPrice, Instant observedAt, Instant receivedAt) {
        return new FeedbackEvent(SCHEMA_VERSION, predictionId, actualPrice, observedAt, receivedAt);
    }
}
