package dev.facet.groundtruth.quality;

import dev.facet.contracts.stats.ClassificationMetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A classifier's window of matched pairs ({@link PairWindow}) with the additive state of {@link ClassStats}: the
 * confusion matrix and the log-loss and Brier sums. Not thread-safe: owned by the joiner's thread.
 */
public final class ClassWindow extends PairWindow {

    private final List<String> labels;
    private final long[][] confusion;
    private double logLoss;
    private double brier;

    public ClassWindow(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.confusion = new long[labels.size()][labels.size()];
    }

    /** Not a pair that names a label the model does not have. */
    @Override
    protected boolean accepts(MatchedPair p) {
        return labels.contains(p.truth().label()) && labels.contains(p.label());
    }

    /** Whether the pair's predicted label is not its actual one: the 0/1 error stream of the drift tests. */
    public boolean isError(MatchedPair p) {
        return !p.label().equals(p.truth().label());
    }

    @Override
    protected void added(MatchedPair p) {
        int a = labels.indexOf(p.truth().label());
        confusion[a][labels.indexOf(p.label())]++;
        logLoss += logLoss(p, a);
        brier += brier(p, a);
    }

    @Override
    protected void removed(MatchedPair p) {
        int a = labels.indexOf(p.truth().label());
        confusion[a][labels.indexOf(p.label())]--;
        logLoss -= logLoss(p, a);
        brier -= brier(p, a);
    }

    @Override
    protected void reset() {
        for (long[] row : confusion) {
            Arrays.fill(row, 0);
        }
        logLoss = brier = 0;
    }

    public ClassStats stats() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return new ClassStats(size(), labels, copy, Math.max(0, logLoss), Math.max(0, brier));
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
        Map<String, Double> ps = p.probabilities();
        Double v = ps == null ? null : ps.get(label);
        return v == null ? 0 : v;
    }
}
