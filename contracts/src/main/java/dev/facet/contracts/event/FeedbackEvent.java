package dev.facet.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The actual outcome of a prediction made earlier, as published to the {@code ground-truth} topic keyed by
 * {@code predictionId} (so it lands in the same partition as its prediction). {@code observedAt} is when the outcome
 * happened (client-supplied, defaults to {@code receivedAt}); {@code receivedAt} is when the ground-truth service
 * accepted it.
 *
 * <p>Version 1 ({@code schemas/feedback-event.v1.schema.json}) is the diamonds' shape: an {@code actual_price}
 * above zero. Version 2 ({@code schemas/feedback-event.v2.schema.json}) serves any model: {@code actual} is a number
 * (a regression's target) or a string (a classification's label). Readers accept both; the service writes 2.
 *
 * @param actualValue the regression's actual value; null when the actual is a label
 * @param actualLabel the classification's actual label; null when the actual is a value
 */
public record FeedbackEvent(int schemaVersion, String predictionId, Double actualValue, String actualLabel,
                            Instant observedAt, Instant receivedAt) {

    /** The diamonds' version, still read and still written by {@link #of}. */
    public static final int SCHEMA_VERSION = 1;
    /** The version for any model, which the ground-truth service writes. */
    public static final int SCHEMA_VERSION_2 = 2;

    public FeedbackEvent {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if ((actualValue == null) == (actualLabel == null)) {
            throw new IllegalArgumentException("a feedback event has either an actual value or an actual label");
        }
        if (schemaVersion == SCHEMA_VERSION && actualValue == null) {
            throw new IllegalArgumentException("a version 1 feedback event has an actual price, not a label");
        }
    }

    /** A version 1 event (the diamonds' actual price), as producers wrote before version 2. */
    public static FeedbackEvent of(String predictionId, double actualPrice, Instant observedAt, Instant receivedAt) {
        return new FeedbackEvent(SCHEMA_VERSION, predictionId, actualPrice, null, observedAt, receivedAt);
    }

    /** A version 2 event with a regression's actual value. */
    public static FeedbackEvent ofValue(String predictionId, double actual, Instant observedAt, Instant receivedAt) {
        return new FeedbackEvent(SCHEMA_VERSION_2, predictionId, actual, null, observedAt, receivedAt);
    }

    /** A version 2 event with a classification's actual label. */
    public static FeedbackEvent ofLabel(String predictionId, String actual, Instant observedAt, Instant receivedAt) {
        return new FeedbackEvent(SCHEMA_VERSION_2, predictionId, null, actual, observedAt, receivedAt);
    }

    /** The actual value, NaN when the actual is a label (the name of version 1's field). */
    public double actualPrice() {
        return actualValue == null ? Double.NaN : actualValue;
    }
}
