package dev.facet.groundtruth.quality;

import java.util.List;

/**
 * A classifier's figures over the pairs of one window, from its additive state: the pair count, the confusion
 * matrix {@code confusion[actual][predicted]}, and the sums of log loss and Brier score. Summing that state over
 * instances and dividing gives the exact global figures, which is why it is what the metrics export.
 *
 * <ul>
 *   <li>accuracy = trace(confusion) / n;</li>
 *   <li>precision of class c = confusion[c][c] / column c's sum, recall = confusion[c][c] / row c's sum, each 0
 *       when its denominator is 0 (scikit-learn's {@code zero_division=0}, as the model card's figures);</li>
 *   <li>macro-F1: the mean F1 over the labels present in the window's actuals or predictions (scikit-learn's
 *       default label set), so that a class no pair of a small window shows does not count as a zero;</li>
 *   <li>log loss: mean of {@code -ln max(1e-15, p(actual))}, clipped as the card's held-out figure;</li>
 *   <li>Brier score: mean over pairs of {@code sum_c (p(c) - [c = actual])^2}, the multi-class form of
 *       Brier (1950), between 0 (certain and right) and 2 (certain and wrong).</li>
 * </ul>
 * Every mean is NaN when the window is empty.
 */
public record ClassStats(long pairs, List<String> labels, long[][] confusion, double logLossSum, double brierSum) {

    public static ClassStats empty(List<String> labels) {
        return new ClassStats(0, labels, new long[labels.size()][labels.size()], 0, 0);
    }

    public long correct() {
        long c = 0;
        for (int i = 0; i < confusion.length; i++) {
            c += confusion[i][i];
        }
        return c;
    }

    public double accuracy() {
        return pairs == 0 ? Double.NaN : (double) correct() / pairs;
    }

    public double errorRate() {
        return pairs == 0 ? Double.NaN : 1 - accuracy();
    }

    public double precision(int c) {
        long col = 0;
        for (long[] row : confusion) {
            col += row[c];
        }
        return pairs == 0 ? Double.NaN : col == 0 ? 0 : (double) confusion[c][c] / col;
    }

    public double recall(int c) {
        long row = 0;
        for (long v : confusion[c]) {
            row += v;
        }
        return pairs == 0 ? Double.NaN : row == 0 ? 0 : (double) confusion[c][c] / row;
    }

    public double macroF1() {
        if (pairs == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < confusion.length; c++) {
            long row = 0;
            long col = 0;
            for (int j = 0; j < confusion.length; j++) {
                row += confusion[c][j];
                col += confusion[j][c];
            }
            if (row + col == 0) {
                continue;
            }
            present++;
            double p = precision(c);
            double r = recall(c);
            sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return sum / present;
    }

    public double logLoss() {
        return pairs == 0 ? Double.NaN : logLossSum / pairs;
    }

    public double brier() {
        return pairs == 0 ? Double.NaN : brierSum / pairs;
    }
}
