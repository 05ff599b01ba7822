package dev.facet.groundtruth.quality;

import java.util.List;

/**
 * A classifier's rolling quality at one moment.
 *
 * @param countWindow the last {@code countWindowSize} pairs (by time of the actual)
 * @param timeWindow  the pairs whose actual was received in the last {@code timeWindowSeconds}
 */
public record ClassificationSnapshot(String model, String version, long atMillis, int countWindowSize,
                                     long timeWindowSeconds, List<String> labels, ClassStats countWindow,
                                     ClassStats timeWindow, long pairsSinceStart, ClassificationPolicy baseline,
                                     Drift drift) implements ModelSnapshot {

    /**
     * @param errorRateRatio count-window error rate / held-out error rate (NaN before the first pair)
     * @param ratioAlarm     the count window is full and fails {@link ClassificationPolicy#ratioAlarm}
     * @param ddm            DDM over the last {@code ddmWindow} pairs
     * @param detected       either test raised
     */
    public record Drift(double errorRateRatio, double threshold, boolean ratioAlarm, Ddm.Status ddm,
                        boolean detected) {
    }

    @Override
    public boolean driftDetected() {
        return drift.detected();
    }

    @Override
    public long countPairs() {
        return countWindow.pairs();
    }
}
