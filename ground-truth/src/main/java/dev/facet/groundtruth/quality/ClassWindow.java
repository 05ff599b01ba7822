package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.ClassificationMetrics;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A set of a classifier's matched pairs in {@link MatchedPair} order with the additive state of {@link ClassStats}
 * kept up to date as pairs come and go: bounded by a count ({@link #trimTo}), by time ({@link #evictBefore}) or
 * both. Adding the same pair twice is a no-op. The double sums are recomputed exactly after every {@code n}
 * removals, as {@link ErrorWindow}'s. Not thread-safe: owned by the joiner's thread.
 */
public final class ClassWindow {

    private final List<String> labels;
    private final TreeSet<MatchedPair> pairs = new TreeSet<>();
    private final long[][] confusion;
    private double logLoss;
    private double brier;
    private long removalsSinceExact;

    public ClassWindow(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.confusion = new long[labels.size()][labels.size()];
    }

    /** @return false when the pair was already present or names a label the model does not have */
    public boolean add(MatchedPair p) {
        int a = labels.indexOf(p.truth().label());
        int q = labels.indexOf(p.prediction().label());
        if (a < 0 || q < 0 || !pairs.add(p)) {
            return false;
        }
        confusion[a][q]++;
        logLoss += logLoss(p, a);
        brier += brier(p, a);
        return true;
    }

    /** Whether the pair's predicted label is not its actual one: the 0/1 error stream of the drift tests. */
    public boolean isError(MatchedPair p) {
        return !p.prediction().label().equals(p.truth().label());
    }

    public void trimTo(int max) {
        while (pairs.size() > max) {
            remove(pairs.pollFirst());
        }
    }

    public void evictBefore(long millis) {
        while (!pairs.isEmpty() && pairs.first().receivedAtMillis() < millis) {
            remove(pairs.pollFirst());
        }
    }

    public int size() {
        return pairs.size();
    }

    public Iterator<MatchedPair> iterator() {
        return pairs.iterator();
    }

    public void clear() {
        pairs.clear();
        for (long[] row : confusion) {
            Arrays.fill(row, 0);
        }
        logLoss = brier = 0;
        removalsSinceExact = 0;
    }

    public ClassStats stats() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return new ClassStats(pairs.size(), labels, copy, Math.max(0, logLoss), Math.max(0, brier));
    }

    private void remove(MatchedPair p) {
        int a = labels.indexOf(p.truth().label());
        confusion[a][labels.indexOf(p.prediction().label())]--;
        logLoss -= logLoss(p, a);
        brier -= brier(p, a);
        if (++removalsSinceExact > Math.max(1000, pairs.size())) {
            logLoss = brier = 0;
            for (MatchedPair q : pairs) {
                int qa = labels.indexOf(q.truth().label());
                logLoss += logLoss(q, qa);
                brier += brier(q, qa);
            }
            removalsSinceExact = 0;
        }
    }

    private double logLoss(MatchedPair p, int actual) {
        return -Math.log(Math.max(ClassificationMetrics.PROBABILITY_FLOOR, probability(p, labels.get(actual))));
    }

    private double brier(MatchedPair p, int actual) {
        double sum = 0;
        for (int c = 0; c < labels.size(); c++) {
            double d = probability(p, labels.get(c)) - (c == actual ? 1 : 0);
            sum += d * d;
        }
        return sum;
    }

    private static double probability(MatchedPair p, String label) {
        Map<String, Double> ps = p.prediction().probabilities();
        Double v = ps == null ? null : ps.get(label);
        return v == null ? 0 : v;
    }
}
