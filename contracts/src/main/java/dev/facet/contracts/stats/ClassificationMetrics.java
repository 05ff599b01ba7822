package dev.facet.contracts.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of a classifier, from the actual labels, the predicted labels and the predicted class
 * probabilities of the same rows, labels in the schema's order.
 *
 * <ul>
 *   <li>{@code accuracy}: share of rows whose predicted label is the actual one;</li>
 *   <li>{@code perClass}: precision (of the rows predicted as the class, the share that are) and recall (of the
 *       rows that are the class, the share predicted as it), and their harmonic mean F1. A class never predicted
 *       has precision 0, a class absent from the rows recall 0 (scikit-learn's {@code zero_division=0}), so a
 *       metric is never NaN;</li>
 *   <li>{@code macroF1}: the unweighted mean of the per-class F1, so that a rare class counts as much as a
 *       common one;</li>
 *   <li>{@code confusion}: {@code confusion[actual][predicted]} row counts;</li>
 *   <li>{@code logLoss}: mean of {@code -ln p(actual label)}, each probability clipped to at least
 *       {@value #PROBABILITY_FLOOR} so that one confident mistake costs {@code -ln 1e-15 = 34.5} rather than
 *       infinity (scikit-learn's clip).</li>
 * </ul>
 */
public record ClassificationMetrics(long count, List<String> labels, double accuracy, double macroF1,
                                    double logLoss, Map<String, ClassScore> perClass, long[][] confusion) {

    /** The smallest probability log loss takes. */
    public static final double PROBABILITY_FLOOR = 1e-15;

    /** How one class fares: precision, recall, F1, and how many rows are of it ({@code support}). */
    public record ClassScore(double precision, double recall, double f1, long support) {
    }

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    /**
     * @param labels        the labels, in the order the indices refer to
     * @param actual        index of each row's actual label
     * @param predicted     index of each row's predicted label
     * @param probabilities per row, the probability of each label (in {@code labels} order)
     */
    public static ClassificationMetrics of(List<String> labels, int[] actual, int[] predicted,
                                           double[][] probabilities) {
        int n = actual.length;
        int k = labels.size();
        if (n == 0 || predicted.length != n || probabilities.length != n) {
            throw new IllegalArgumentException("need equal, non-empty arrays, got " + n + ", " + predicted.length
                    + " and " + probabilities.length);
        }
        long[][] confusion = new long[k][k];
        double loss = 0;
        long correct = 0;
        for (int i = 0; i < n; i++) {
            if (probabilities[i].length != k) {
                throw new IllegalArgumentException("row " + i + " has " + probabilities[i].length
                        + " probabilities for " + k + " labels");
            }
            confusion[actual[i]][predicted[i]]++;
            if (actual[i] == predicted[i]) {
                correct++;
            }
            loss -= Math.log(Math.max(PROBABILITY_FLOOR, probabilities[i][actual[i]]));
        }
        Map<String, ClassScore> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int c = 0; c < k; c++) {
            long truePositive = confusion[c][c];
            long predictedAs = 0;
            long support = 0;
            for (int j = 0; j < k; j++) {
                predictedAs += confusion[j][c];
                support += confusion[c][j];
            }
            double precision = predictedAs == 0 ? 0 : (double) truePositive / predictedAs;
            double recall = support == 0 ? 0 : (double) truePositive / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(labels.get(c), new ClassScore(precision, recall, f1, support));
            f1Sum += f1;
        }
        return new ClassificationMetrics(n, labels, (double) correct / n, f1Sum / k, loss / n, perClass, confusion);
    }

    /** The confusion matrix as nested lists, for readers that prefer them. */
    public List<List<Long>> confusionRows() {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] r : confusion) {
            List<Long> row = new ArrayList<>();
            for (long v : r) {
                row.add(v);
            }
            rows.add(row);
        }
        return rows;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassificationMetrics m) || count != m.count || !labels.equals(m.labels)
                || Double.compare(accuracy, m.accuracy) != 0 || Double.compare(macroF1, m.macroF1) != 0
                || Double.compare(logLoss, m.logLoss) != 0 || !perClass.equals(m.perClass)) {
            return false;
        }
        return confusionRows().equals(m.confusionRows());
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Double.hashCode(accuracy) * 17 + Double.hashCode(logLoss);
    }

    @Override
    public String toString() {
        return "ClassificationMetrics[count=" + count + ", accuracy=" + accuracy + ", macroF1=" + macroF1
                + ", logLoss=" + logLoss + ", perClass=" + perClass + ", confusion=" + confusionRows() + "]";
    }
}
