package dev.facet.groundtruth.quality;

import java.util.Iterator;
import java.util.TreeSet;

/**
 * A set of matched pairs in {@link MatchedPair} order with running sums, bounded by a count ({@link #trimTo}),
 * by time ({@link #evictBefore}) or both. Adding the same pair twice is a no-op, so a replayed join cannot be
 * counted twice.
 *
 * <p>Each operation is O(log n); statistics are O(1) from the sums. Sums accumulate rounding as pairs come and
 * go, so they are recomputed exactly after every {@code n} removals (amortised O(1)).
 *
 * <p>Not thread-safe: owned by the joiner's thread.
 */
public final class ErrorWindow {

    private final TreeSet<MatchedPair> pairs = new TreeSet<>();
    private double sumAbs;
    private double sumSq;
    private double sumPct;
    private double sumErr;
    private long removalsSinceExact;

    /** @return false when the pair was already present */
    public boolean add(MatchedPair p) {
        if (!pairs.add(p)) {
            return false;
        }
        double e = p.error();
        sumAbs += Math.abs(e);
        sumSq += e * e;
        sumPct += Math.abs(e) / p.actual();
        sumErr += e;
        return true;
    }

    /** Removes the oldest pairs until at most {@code max} remain. */
    public void trimTo(int max) {
        while (pairs.size() > max) {
            remove(pairs.pollFirst());
        }
    }

    /** Removes the pairs whose actual was received before {@code millis}. */
    public void evictBefore(long millis) {
        while (!pairs.isEmpty() && pairs.first().receivedAtMillis() < millis) {
            remove(pairs.pollFirst());
        }
    }

    public int size() {
        return pairs.size();
    }

    public void clear() {
        pairs.clear();
        sumAbs = sumSq = sumPct = sumErr = 0;
        removalsSinceExact = 0;
    }

    /** Pairs oldest first. */
    public Iterator<MatchedPair> iterator() {
        return pairs.iterator();
    }

    public WindowStats stats() {
        int n = pairs.size();
        if (n == 0) {
            return WindowStats.EMPTY;
        }
        double abs = Math.max(0, sumAbs);
        double sq = Math.max(0, sumSq);
        double pct = Math.max(0, sumPct);
        return new WindowStats(n, abs / n, Math.sqrt(sq / n), pct / n, sumErr / n, abs, sq, sumErr, pct);
    }

    private void remove(MatchedPair p) {
        double e = p.error();
        sumAbs -= Math.abs(e);
        sumSq -= e * e;
        sumPct -= Math.abs(e) / p.actual();
        sumErr -= e;
        if (++removalsSinceExact > Math.max(1000, pairs.size())) {
            recompute();
        }
    }

    private void recompute() {
        sumAbs = sumSq = sumPct = sumErr = 0;
        for (MatchedPair p : pairs) {
            double e = p.error();
            sumAbs += Math.abs(e);
            sumSq += e * e;
            sumPct += Math.abs(e) / p.actual();
            sumErr += e;
        }
        removalsSinceExact = 0;
    }
}
