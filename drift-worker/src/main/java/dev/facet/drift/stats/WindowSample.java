package dev.facet.drift.stats;

import java.time.Instant;
import java.util.Map;

/**
 * The contents of one window, column by column, handed to {@link DriftEngine}. The engine only reads it: it
 * sorts a copy of each numeric column and of the predictions, never the sample itself.
 *
 * @param window     {@code "count"} or {@code "time"}
 * @param numeric    one column per numeric feature in schema order
 * @param prediction the predicted prices
 * @param categories per categorical feature in schema order, the count of each category in schema order
 * @param offsets    per partition, the first and last offset in the window
 */
public record WindowSample(String window, int size, double[][] numeric, double[] prediction, long[][] categories,
                           Instant firstEventTime, Instant lastEventTime, Map<Integer, long[]> offsets) {
}
