package dev.facet.groundtruth.quality;

import java.util.Map;

/**
 * Rolling quality at one moment: what {@code GET /quality} shows and the gauges read.
 *
 * @param countWindow the last {@code countWindowSize} pairs (by time of the actual)
 * @param timeWindow  the pairs whose actual was received in the last {@code timeWindowSeconds}
 * @param byCut       per cut, the last {@code countWindowSize} pairs of that cut (five keys, always present)
 * @param pairsSinceStart pairs added since the joiner (re)built its state
 */
public record QualitySnapshot(long atMillis, int countWindowSize, long timeWindowSeconds, WindowStats countWindow,
                              WindowStats timeWindow, Map<String, WindowStats> byCut, long pairsSinceStart,
                              ConceptDriftPolicy baseline, DriftStatus drift) {
}
