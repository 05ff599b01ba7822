package dev.facet.drift.stats;

import java.time.Instant;
import java.util.Map;

/**
 * The contents of one window of one model version, column by column in the {@link Reference}'s order, handed to
 * {@link DriftEngine}. The engine only reads it: it sorts copies, never the sample itself.
 *
 * @param window      {@code "count"} or {@code "time"}
 * @param numeric     one column per numeric feature; NaN where the value was missing
 * @param categories  per categorical feature, the count of each schema category
 * @param missing     per categorical feature, events without a value
 * @param unknown     per categorical feature, events with a value that is not one of the schema's categories
 * @param prediction  a regressor's predictions or a classifier's top-class probabilities
 * @param labels      a classifier's count per label (schema order); null for a regressor
 * @param offsets     per partition, the first and last offset in the window
 */
public record WindowSample(String window, int size, double[][] numeric, long[][] categories, long[] missing,
                           long[] unknown, double[] prediction, long[] labels, Instant firstEventTime,
                           Instant lastEventTime, Map<Integer, long[]> offsets) {
}
