package dev.facet.serving.metrics;

import dev.facet.contracts.stats.NumericSummary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.TreeSet;

/**
 * Histogram bucket bounds fitted to a training distribution: the training minimum, the 1st to 99th
 * percentiles the statistics record, and the maximum, each rounded to 3 significant digits (readable {@code le}
 * labels), de-duplicated, and kept only when positive (Micrometer requires it). With quantile bounds, live traffic from the training distribution fills each
 * bucket in a known proportion (1 %, 4 %, 5 %, 15 %, 25 % ...), so a shift shows at a glance and a PSI over
 * the buckets can be computed in PromQL.
 */
public final class Buckets {

    private static final MathContext THREE_DIGITS = new MathContext(3);

    private Buckets() {
    }

    public static double[] fitted(NumericSummary training) {
        TreeSet<Double> bounds = new TreeSet<>();
        bounds.add(round(training.min()));
        for (double p : NumericSummary.PROBABILITIES) {
            bounds.add(round(training.quantile(p)));
        }
        bounds.add(round(training.max()));
        // Micrometer takes only positive bounds; a zero minimum (x, y, z have zeros) is covered by the first bucket
        return bounds.stream().mapToDouble(Double::doubleValue).filter(b -> b > 0).toArray();
    }

    static double round(double v) {
        return v == 0 ? 0 : new BigDecimal(v).round(THREE_DIGITS).doubleValue();
    }
}
