package dev.facet.groundtruth.quality;

/**
 * A regressor's window of matched pairs ({@link PairWindow}) with running sums of the errors: statistics are
 * O(1) from the sums.
 *
 * <p>Not thread-safe: owned by the joiner's thread.
 */
public final class ErrorWindow extends PairWindow {

    private double sumAbs;
    private double sumSq;
    private double sumPct;
    private double sumErr;

    @Override
    protected void added(MatchedPair p) {
        double e = p.error();
        sumAbs += Math.abs(e);
        sumSq += e * e;
        sumPct += Math.abs(e) / p.actual();
        sumErr += e;
    }

    @Override
    protected void removed(MatchedPair p) {
        double e = p.error();
        sumAbs -= Math.abs(e);
        sumSq -= e * e;
        sumPct -= Math.abs(e) / p.actual();
        sumErr -= e;
    }

    @Override
    protected void reset() {
        sumAbs = sumSq = sumPct = sumErr = 0;
    }

    public WindowStats stats() {
        int n = size();
        if (n == 0) {
            return WindowStats.EMPTY;
        }
        double abs = Math.max(0, sumAbs);
        double sq = Math.max(0, sumSq);
        double pct = Math.max(0, sumPct);
        return new WindowStats(n, abs / n, Math.sqrt(sq / n), pct / n, sumErr / n, abs, sq, sumErr, pct);
    }
}
