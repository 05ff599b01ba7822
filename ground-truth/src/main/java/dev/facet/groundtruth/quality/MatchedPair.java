package dev.facet.groundtruth.quality;

/**
 * One prediction joined with its actual price. Errors are {@code predicted - actual} (USD), as in the bundle's
 * held-out baseline, so a positive bias means the model over-predicts.
 *
 * @param predictedAtMillis the prediction event's timestamp
 * @param receivedAtMillis  when the ground-truth service accepted the actual; the pair's position in the windows
 * @param cut               index of the diamond's cut in {@code DiamondSchema.CUT.categories()}
 */
public record MatchedPair(String predictionId, long predictedAtMillis, long receivedAtMillis, double predicted,
                          double actual, int cut) implements Comparable<MatchedPair> {

    public double error() {
        return predicted - actual;
    }

    /**
     * Orders pairs by when their actual was received, then by id: a total order that does not depend on which of
     * the two events the joiner read first, so windows rebuilt by replay equal those of an uninterrupted run.
     */
    @Override
    public int compareTo(MatchedPair o) {
        int c = Long.compare(receivedAtMillis, o.receivedAtMillis);
        return c != 0 ? c : predictionId.compareTo(o.predictionId);
    }
}
