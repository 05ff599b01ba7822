package dev.facet.forest;

import dev.facet.contracts.schema.DiamondSchema;

import java.util.function.IntToDoubleFunction;

/**
 * The definition, computed the slow way, to check TreeSHAP against: exact Shapley values of the path-dependent
 * conditional expectation {@code v(S)} by enumerating all 2^M subsets of the M features. Shares nothing with the explainer: it
 * counts its own covers and walks the tree itself.
 */
final class ExactShapley {

    private final int M;
    private final CompiledForest forest;
    private final long[] cover;
    /** A leaf's value: the regressor's, or a classifier's probability of one class. */
    private final IntToDoubleFunction leafValue;

    ExactShapley(CompiledForest forest, double[][] background) {
        this(forest, background, DiamondSchema.FEATURES.size(), forest::threshold);
    }

    /**
     * Over {@code features} features, with leaf values {@code leafValue} (e.g. one class's probability). Rows must
     * hold no NaN: they are the values the trees compare.
     */
    ExactShapley(CompiledForest forest, double[][] background, int features, IntToDoubleFunction leafValue) {
        this.M = features;
        this.leafValue = leafValue;
        this.forest = forest;
        this.cover = new long[forest.nodes()];
        for (double[] row : background) {
            for (int t = 0; t < forest.trees(); t++) {
                int n = forest.root(t);
                cover[n]++;
                while (forest.feature(n) >= 0) {
                    n = row[forest.feature(n)] <= forest.threshold(n) ? forest.left(n) : forest.right(n);
                    cover[n]++;
                }
            }
        }
    }

    /** v(S) of the forest: the mean over trees; {@code known} is a bit set of schema indices. */
    double value(double[] x, int known) {
        double sum = 0;
        for (int t = 0; t < forest.trees(); t++) {
            sum += value(forest.root(t), x, known);
        }
        return sum / forest.trees();
    }

    private double value(int n, double[] x, int known) {
        int f = forest.feature(n);
        if (f < 0) {
            return leafValue.applyAsDouble(n);
        }
        int l = forest.left(n);
        int r = forest.right(n);
        if ((known & (1 << f)) != 0) {
            return value(x[f] <= forest.threshold(n) ? l : r, x, known);
        }
        if (cover[n] == 0) {
            // the explainer's documented convention for a node no background row reaches
            return 0.5 * value(l, x, known) + 0.5 * value(r, x, known);
        }
        return (cover[l] * value(l, x, known) + cover[r] * value(r, x, known)) / cover[n];
    }

    /** phi_i = sum over S without i of |S|! (M - |S| - 1)! / M! (v(S + i) - v(S)). */
    double[] shapley(double[] x) {
        double[] v = new double[1 << M];
        for (int s = 0; s < v.length; s++) {
            v[s] = value(x, s);
        }
        double[] phi = new double[M];
        for (int i = 0; i < M; i++) {
            for (int s = 0; s < v.length; s++) {
                if ((s & (1 << i)) == 0) {
                    int size = Integer.bitCount(s);
                    phi[i] += factorial(size) * factorial(M - size - 1) / factorial(M) * (v[s | (1 << i)] - v[s]);
                }
            }
        }
        return phi;
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }
}
