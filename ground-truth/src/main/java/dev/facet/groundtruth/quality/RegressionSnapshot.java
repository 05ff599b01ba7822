package dev.facet.groundtruth.quality;

/**
 * A regressor's rolling quality at one moment: what {@code GET /quality} shows and the gauges read.
 *
 * @param countWindow the last {@code countWindowSize} pairs (by time of the actual)
 * @param timeWindow  the pairs whose actual was received in the last {@code timeWindowSeconds}
 */
public record RegressionSnapshot(String model, String version, long atMillis, int countWindowSize,
                                 long timeWindowSeconds, WindowStats countWindow, WindowStats timeWindow,
                                 long pairsSinceStart, ConceptDriftPolicy baseline, DriftStatus drift)
        implements ModelSnapshot {

    @Override
    public boolean driftDetected() {
        return drift.detected();
    }

    @Override
    public long countPairs() {
        return countWindow.pairs();
    }
}
