package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;

import java.util.Arrays;

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
 * {@code sum over S not containing i of |S|! (M - |S| - 1)! / M! * (v(S + i) - v(S))} with {@code M} the schema's feature count, which
 * TreeSHAP computes in {@code O(leaves * depth^2)} per tree instead of enumerating the 2^M subsets. The forest's
 * values are the mean of its trees' values, as its prediction is the mean of theirs. They add up exactly:
 * {@code prediction = expectedValue + sum of the M values}; a feature the forest never splits on gets 0.
 *
 * <p><b>Classifiers.</b> The forest's probability of a class is the mean over trees of the leaves' probability of
 * it, so each class is explained as a regressor whose leaf values are that class's probabilities
 * ({@link #explainClasses}): one walk per tree serves every class, since the path weights do not depend on the
 * leaf value. Per class, {@code probability = expectedValue + sum of its values}.
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

    private final CompiledForest forest;
    private final double[] branchShare;
    private final int maxDepth;
    /** The expected output: one value for a regressor, one probability per class for a classifier. */
    private final double[] expected;
    private final int backgroundSize;

    private ForestExplainer(CompiledForest forest, double[] branchShare, int maxDepth, double[] expected,
                            int backgroundSize) {
        this.forest = forest;
        this.branchShare = branchShare;
        this.maxDepth = maxDepth;
        this.expected = expected;
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
        int outputs = Math.max(1, forest.classes());
        double[] expected = new double[outputs];
        for (int t = 0; t < forest.trees(); t++) {
            int root = forest.root(t);
            branchShare[root] = 1;
            maxDepth = Math.max(maxDepth, shares(forest, cover, root, branchShare, 0));
            for (int c = 0; c < outputs; c++) {
                expected[c] += weightedLeaves(forest, cover, root, c) / backgroundSize;
            }
        }
        for (int c = 0; c < outputs; c++) {
            expected[c] /= forest.trees();
        }
        return new ForestExplainer(forest, branchShare, maxDepth, expected, backgroundSize);
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

    /**
     * SHAP values of a regressor's prediction for {@code x}, a feature vector in schema order (a missing value
     * NaN, read as the forest reads it).
     */
    public Explanation explain(double[] x) {
        if (forest.isClassifier()) {
            throw new IllegalStateException("a classifier's explanation is per class: explainClasses");
        }
        double[] phi = walk(x);
        return new Explanation(forest.predict(x), expected[0], phi);
    }

    /**
     * SHAP values of a classifier's probability of each class for {@code x}, a feature vector in schema order (a
     * missing value NaN): per class, {@code probability = expectedValue + sum of contributions}, since the
     * forest's probability is the mean of its trees' leaf distributions and each class's share of a leaf is a
     * tree output TreeSHAP explains like a regression tree's value.
     */
    public ClassExplanation explainClasses(double[] x) {
        if (!forest.isClassifier()) {
            throw new IllegalStateException("a regressor's explanation is one: explain");
        }
        return new ClassExplanation(forest.predictProba(x), expected.clone(), walk(x), forest.features());
    }

    /** The walk of every tree: per output, per feature, the mean over trees of the trees' SHAP values. */
    private double[] walk(double[] given) {
        int features = forest.features();
        if (given.length != features) {
            throw new IllegalArgumentException("expected " + features + " values in schema order, got "
                    + given.length);
        }
        double[] x = CompiledForest.asTribuoReads(given);
        double[] phi = new double[Math.max(1, forest.classes()) * features];
        TreeShapWalk walk = new TreeShapWalk(forest, branchShare, maxDepth, features, x, phi);
        for (int t = 0; t < forest.trees(); t++) {
            walk.tree(forest.root(t));
        }
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= forest.trees();
        }
        return phi;
    }

    public Explanation explain(Diamond d) {
        return explain(d.toVector());
    }

    /** A regressor's mean prediction over the background: the baseline every explanation starts from. */
    public double expectedValue() {
        if (forest.isClassifier()) {
            throw new IllegalStateException("a classifier has an expected probability per class: expectedValues");
        }
        return expected[0];
    }

    /**
     * The mean output over the background: a regressor's one value, or a classifier's mean probability of each
     * class (schema label order).
     */
    public double[] expectedValues() {
        return expected.clone();
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

    /** Sum over the leaves under {@code n} of cover times value (a classifier's: its probability of class c). */
    private static double weightedLeaves(CompiledForest forest, long[] cover, int n, int c) {
        if (forest.feature(n) < 0) {
            return cover[n] * (forest.isClassifier() ? forest.leafProbability(n, c) : forest.threshold(n));
        }
        return weightedLeaves(forest, cover, forest.left(n), c) + weightedLeaves(forest, cover, forest.right(n), c);
    }

    @Override
    public String toString() {
        return "ForestExplainer[trees=" + forest.trees() + ", maxDepth=" + maxDepth + ", background="
                + backgroundSize + ", expected=" + Arrays.toString(expected) + "]";
    }
}
