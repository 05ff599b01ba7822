package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;

/**
 * Per-feature SHAP values for one prediction of a {@link CompiledForest}, by path-dependent TreeSHAP: Lundberg,
 * Erion, Chen, DeGrave, Prutkin, Nair, Katz, Himmelfarb, Bansal and Lee, "From local explanations to global
 * understanding with explainable AI for trees", Nature Machine Intelligence 2, 2020 (Algorithm 2; first as
 * Lundberg, Erion and Lee, "Consistent individualized feature attribution for tree ensembles", 2018).
 *
 * <p><b>What the values are.</b> For a tree {@code f} and a set {@code S} of known features, the value function
 * {@code v(S)} walks the tree from the root: at a split on a feature in {@code S} it follows {@code x}; at any
 * other split it takes both children, weighted by the share of the background rows that went each way (the
 * nodes' <em>covers</em>). The SHAP value of feature {@code i} is its exact Shapley value for that {@code v},
 * {@code sum over S not containing i of |S|! (M - |S| - 1)! / M! * (v(S + i) - v(S))} with {@code M = 9}, which
 * TreeSHAP computes in {@code O(leaves * depth^2)} per tree instead of enumerating the 2^9 subsets. The forest's
 * values are the mean of its trees' values, as its prediction is the mean of theirs. They add up exactly:
 * {@code prediction = expectedValue + sum of the nine values}; a feature the forest never splits on gets 0.
 *
 * <p><b>The expected value</b> is {@code v} of the empty set: the cover-weighted mean of the leaves, which is the
 * forest's mean prediction over the background rows.
 *
 * <p><b>The background</b> decides the baseline and, through the covers, how an unknown feature is averaged
 * out. Use the rows the model was trained on ({@link #trainingRows}): then the expected value is the mean
 * training prediction (the "average diamond" the explanation starts from) and the covers are those of the
 * training data, as in the original algorithm, which reads them from the tree. Another background (recent
 * traffic, one segment) gives contributions relative to that population instead. Path-dependent TreeSHAP
 * respects the dependence between features only as far as the tree paths encode it; it is not the
 * interventional ("independent") variant, which needs the background at explain time and costs
 * {@code O(background)} per row. A node no background row reaches splits its (weightless) share 50/50.
 *
 * <p><b>Cost.</b> Construction walks every background row through every tree once to count covers (random
 * access over the node arrays: do it once, at model load, off the event loop). {@link #explain} visits every
 * node reached with non-zero weight, doing {@code O(path length)} work per node and {@code O(path length^2)} per
 * leaf (the path length is bounded by the number of features), so its cost is proportional to the forest's size,
 * not its depth: thousands of times a prediction's (BENCHMARKS.md), so an event loop must hand it to a worker.
 *
 * <p>Immutable after construction; {@link #explain} allocates its own small scratch per call, so one instance
 * serves any number of threads concurrently.
 */
public final class ForestExplainer {

    private static final int FEATURES = DiamondSchema.FEATURES.size();

    private final CompiledForest forest;
    private final double[] branchShare;
    private final int maxDepth;
    private final double expectedValue;
    private final int backgroundSize;

    private ForestExplainer(CompiledForest forest, double[] branchShare, int maxDepth, double expectedValue,
                            int backgroundSize) {
        this.forest = forest;
        this.branchShare = branchShare;
        this.maxDepth = maxDepth;
        this.expectedValue = expectedValue;
        this.backgroundSize = backgroundSize;
    }

    /**
     * Counts the covers of every node of {@code forest} over {@code background} (feature vectors in
     * {@link DiamondSchema#FEATURES} order, as {@link Diamond#toVector()}) and derives the expected value.
     */
    public static ForestExplainer of(CompiledForest forest, double[][] background) {
        return of(forest, covers(forest, background), background.length);
    }

    /**
     * The explainer of {@code forest} from covers already counted ({@link #covers}, e.g. stored in a model
     * bundle's {@code forest.bin}), so a service need not read the training rows at start.
     *
     * @param cover          per node, how many of the {@code backgroundSize} rows reach it
     * @param backgroundSize the number of background rows the covers were counted over
     */
    public static ForestExplainer of(CompiledForest forest, long[] cover, int backgroundSize) {
        if (backgroundSize <= 0) {
            throw new IllegalArgumentException("the background needs at least one row: it defines the expected "
                    + "value and the covers");
        }
        if (cover.length != forest.nodes()) {
            throw new IllegalArgumentException(cover.length + " covers for a forest of " + forest.nodes() + " nodes");
        }
        for (int t = 0; t < forest.trees(); t++) {
            if (cover[forest.root(t)] != backgroundSize) {
                throw new IllegalArgumentException("the root of tree " + t + " covers " + cover[forest.root(t)]
                        + " rows, not the background's " + backgroundSize);
            }
        }
        double[] branchShare = new double[forest.nodes()];
        int maxDepth = 0;
        double expected = 0;
        for (int t = 0; t < forest.trees(); t++) {
            int root = forest.root(t);
            branchShare[root] = 1;
            maxDepth = Math.max(maxDepth, shares(forest, cover, root, branchShare, 0));
            expected += weightedLeaves(forest, cover, root) / backgroundSize;
        }
        return new ForestExplainer(forest, branchShare, maxDepth, expected / forest.trees(), backgroundSize);
    }

    /**
     * Per node of {@code forest}, how many rows of {@code background} (feature vectors in
     * {@link DiamondSchema#FEATURES} order, as {@link Diamond#toVector()}) reach it.
     */
    public static long[] covers(CompiledForest forest, double[][] background) {
        if (background.length == 0) {
            throw new IllegalArgumentException("the background needs at least one row: it defines the expected "
                    + "value and the covers");
        }
        for (int r = 0; r < background.length; r++) {
            if (background[r].length != forest.features()) {
                throw new IllegalArgumentException("background row " + r + " has " + background[r].length
                        + " values; expected " + forest.features() + " in schema order");
            }
        }
        long[] cover = new long[forest.nodes()];
        for (double[] given : background) {
            double[] row = CompiledForest.asTribuoReads(given); // a missing value goes where Tribuo sends a 0
            for (int t = 0; t < forest.trees(); t++) {
                int n = forest.root(t);
                cover[n]++;
                int f;
                while ((f = forest.feature(n)) >= 0) {
                    n = row[f] > forest.threshold(n) ? forest.right(n) : forest.left(n);
                    cover[n]++;
                }
            }
        }
        return cover;
    }

    /**
     * The feature vectors of the rows a bundle's model was trained on: every row of {@code data} that
     * {@code heldOut} does not hold out, the recommended background. Refuses data other than the model's.
     */
    public static double[][] trainingRows(DiamondsCsv.Data data, HeldOutRows heldOut) {
        if (!data.sha256().equals(heldOut.dataSha256())) {
            throw new IllegalArgumentException("the model was trained on data with SHA-256 " + heldOut.dataSha256()
                    + " but these rows (" + data.source() + ") have " + data.sha256());
        }
        boolean[] held = new boolean[data.rows().size()];
        for (int r : heldOut.rows()) {
            held[r] = true;
        }
        double[][] out = new double[data.rows().size() - heldOut.rows().length][];
        int i = 0;
        for (int r = 0; r < held.length; r++) {
            if (!held[r]) {
                out[i++] = data.rows().get(r).diamond().toVector();
            }
        }
        return out;
    }

    /** SHAP values of the forest's prediction for {@code x}, a feature vector in schema order. */
    public Explanation explain(double[] x) {
        if (x.length != FEATURES) {
            throw new IllegalArgumentException("expected " + FEATURES + " values in schema order "
                    + DiamondSchema.names() + ", got " + x.length);
        }
        double[] phi = new double[FEATURES];
        TreeShapWalk walk = new TreeShapWalk(forest, branchShare, maxDepth, FEATURES, x, phi);
        for (int t = 0; t < forest.trees(); t++) {
            walk.tree(forest.root(t));
        }
        for (int i = 0; i < FEATURES; i++) {
            phi[i] /= forest.trees();
        }
        return new Explanation(forest.predict(x), expectedValue, phi);
    }

    public Explanation explain(Diamond d) {
        return explain(d.toVector());
    }

    /** The forest's mean prediction over the background: the baseline every explanation starts from. */
    public double expectedValue() {
        return expectedValue;
    }

    public int backgroundSize() {
        return backgroundSize;
    }

    public CompiledForest forest() {
        return forest;
    }

    /** Fills the branch shares of the subtree under {@code n}; returns its maximum depth (edges to a leaf). */
    private static int shares(CompiledForest forest, long[] cover, int n, double[] share, int depth) {
        if (forest.feature(n) < 0) {
            return depth;
        }
        int l = forest.left(n);
        int r = forest.right(n);
        // Only reachable when x follows a path the background never took; both children then count equally.
        share[l] = cover[n] == 0 ? 0.5 : (double) cover[l] / cover[n];
        share[r] = cover[n] == 0 ? 0.5 : (double) cover[r] / cover[n];
        return Math.max(shares(forest, cover, l, share, depth + 1), shares(forest, cover, r, share, depth + 1));
    }

    /** Sum over the leaves under {@code n} of cover times value. */
    private static double weightedLeaves(CompiledForest forest, long[] cover, int n) {
        if (forest.feature(n) < 0) {
            return cover[n] * forest.threshold(n);
        }
        return weightedLeaves(forest, cover, forest.left(n)) + weightedLeaves(forest, cover, forest.right(n));
    }

    @Override
    public String toString() {
        return "ForestExplainer[trees=" + forest.trees() + ", maxDepth=" + maxDepth + ", background="
                + backgroundSize + ", expectedValue=" + expectedValue + "]";
    }
}
