package dev.facet.drift.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Multiple-testing correction over the tests of one window, as adjusted p-values compared with alpha.
 *
 * <ul>
 *   <li>{@link #BONFERRONI}: {@code min(1, k p)}; controls the family-wise error rate at alpha for any
 *       dependence between the tests (ours are strongly dependent: carat, x, y, z and the price move
 *       together), so "some feature drifted" is a false alarm in at most alpha of drift-free windows;</li>
 *   <li>{@link #BH}: Benjamini-Hochberg step-up adjusted p-values; controls the false discovery rate, more
 *       power when several features drift at once; under the global null it also bounds the chance of any
 *       rejection by alpha for positively dependent tests (PRDS), which ours are.</li>
 * </ul>
 */
public enum Correction {
    BONFERRONI,
    BH;

    public static Correction parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "bonferroni" -> BONFERRONI;
            case "bh", "benjamini-hochberg" -> BH;
            default -> throw new IllegalArgumentException("correction must be 'bonferroni' or 'bh', got '" + s + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Adjusted p-values, in the order of {@code p}. */
    public double[] adjust(double[] p) {
        int k = p.length;
        double[] out = new double[k];
        if (this == BONFERRONI) {
            for (int i = 0; i < k; i++) {
                out[i] = Math.min(1, p[i] * k);
            }
            return out;
        }
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double running = 1;
        for (int r = k - 1; r >= 0; r--) { // step-up: the adjusted value is the min over larger ranks
            int i = order[r];
            running = Math.min(running, p[i] * k / (r + 1));
            out[i] = Math.min(1, running);
        }
        return out;
    }
}
