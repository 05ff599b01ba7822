package dev.facet.forest;

import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.Model;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A Tribuo random forest compiled into flat primitive arrays, evaluated without allocating: the serving fast
 * path. Tribuo remains the training and storage format; this is derived from a loaded model in milliseconds.
 * A regressor ({@link #predict}) or a classifier ({@link #predictProba}, whose leaves index class distributions;
 * {@code ClassifierCompiler}), over at most {@link #MAX_FEATURES} features in a {@code ModelSchema}'s order.
 * A missing value is NaN in the input and is read as 0, as Tribuo's trees read an absent feature.
 *
 * <p>Why: Tribuo's {@code predict} builds an {@code Example} and, per tree, a {@code SparseVector} (tribuo#416),
 * which costs far more than the walk itself (BENCHMARKS.md). Here a row is a {@code double[]} in schema order and each tree a
 * walk over two parallel arrays. Nodes are laid out depth-first, so a split's left child is the next node. Node
 * {@code i} is {@code codes[i]} and {@code values[i]}: a split's code is {@code right << b | feature} and its
 * value the threshold; a leaf's code is -1 and its value the leaf's. {@code b} is {@link #featureBits} of the
 * feature count, 4 up to 16 features (the diamonds' nine), more for wider schemas: fixed per forest, so the walk
 * pays a shift and a mask by a field instead of by a constant, and the forests of up to 16 features keep the
 * codes (and files) they always had. Go right when
 * {@code x[feature] > threshold} (Tribuo's rule), else left. The forest's output is the mean of its trees'
 * outputs, as Tribuo's AveragingCombiner.
 *
 * <p>The code is an {@code int} rather than a {@code double} beside the threshold (the file's layout, one
 * cache line a step) because converting a double code to an index sat on every step's chain of dependent
 * loads (ModelBench, BENCHMARKS.md).
 *
 * <p>Serving walks a second, padded copy ({@link Padded}) when the forest is shallow enough (the default's depth
 * is 12): every tree completed to the same depth, so a walk is a fixed number of branch-free steps. The
 * depth-first arrays stay the reference layout: the file's, the explainers' and the fallback for deep forests.
 *
 * <p>A bundle stores it ready-made ({@link ForestFile}, {@code forest.bin}), so serving starts without
 * deserializing Tribuo's model (seconds and a few hundred MB of heap); {@link #compile} is how it is made.
 *
 * <p>Immutable after construction, so one instance serves every thread.
 */
public final class CompiledForest {

    /**
     * Most features a forest may read. A split's code holds the feature in its low {@link #featureBits} bits and
     * the right child above them, so each feature bit halves the nodes a forest may have: 2^27 up to 16
     * features, 2^21 at this limit.
     */
    public static final int MAX_FEATURES = 1 << 10;

    /** Length of the input vector: the schema's feature count. */
    private final int features;
    /** Classes of a classifier; 0 for a regressor. */
    private final int classes;
    /**
     * A classifier's leaf class distributions, {@code classes} probabilities per leaf in the schema's label order;
     * a classifier's leaf value is the index of its distribution. Empty for a regressor.
     */
    private final double[] distributions;
    /**
     * Per class (schema order), its position in the Tribuo model's label order: the order in which Tribuo's
     * combiner looks for the most probable label, so a tie goes to the same label here.
     */
    private final int[] modelRank;
    private final int[] roots;
    /** Per node: {@code right << shift | feature} for a split, -1 for a leaf. */
    private final int[] codes;
    /** {@link #featureBits} of the feature count: where a code's right child starts. */
    private final int shift;
    /** The low {@code shift} bits: a code's feature. */
    private final int mask;
    /** Per node: the split's threshold, or the leaf's value. */
    private final double[] values;
    /** The complete-tree copy serving walks; null when the forest is too deep to pad ({@link Padded#MAX_BYTES}). */
    private final Padded padded;

    /**
     * From {@link ForestFile}'s layout, two doubles per node ({@code [value, right * 2^b + feature]} with
     * {@code b} the {@link #featureBits} of the feature count, or {@code [value, -1]} for a leaf);
     * {@link ForestFile} checks them before calling this.
     */
    CompiledForest(int[] roots, double[] nodes) {
        this(DiamondSchema.FEATURES.size(), roots, nodes);
    }

    /** As {@link #CompiledForest(int[], double[])}, a regressor over input vectors of {@code features} values. */
    CompiledForest(int features, int[] roots, double[] nodes) {
        this(features, roots, nodes, 0, new int[0], new double[0]);
    }

    /**
     * As {@link #CompiledForest(int[], double[])}, over input vectors of {@code features} values; a classifier of
     * {@code classes} classes when that is not 0, whose leaves index {@code distributions} and whose ties go to
     * the class of lowest {@code modelRank}.
     */
    CompiledForest(int features, int[] roots, double[] nodes, int classes, int[] modelRank, double[] distributions) {
        if (features < 1 || features > MAX_FEATURES) {
            throw new IllegalArgumentException(features + " features; the layout names 1 to " + MAX_FEATURES);
        }
        if (classes < 0 || classes == 1 || (classes == 0 ? distributions.length != 0
                : distributions.length == 0 || distributions.length % classes != 0)) {
            throw new IllegalArgumentException(distributions.length + " leaf probabilities for " + classes + " classes");
        }
        if (modelRank.length != classes) {
            throw new IllegalArgumentException(modelRank.length + " ranks for " + classes + " classes");
        }
        this.features = features;
        this.shift = featureBits(features);
        this.mask = (1 << shift) - 1;
        this.classes = classes;
        this.distributions = distributions;
        this.modelRank = modelRank;
        int n = nodes.length / 2;
        if (n > maxNodes(features)) {
            throw new IllegalArgumentException(n + " nodes; at most " + maxNodes(features) + " fit the layout of "
                    + features + " features");
        }
        this.roots = roots;
        this.codes = new int[n];
        this.values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = nodes[2 * i];
            codes[i] = nodes[2 * i + 1] < 0 ? -1 : (int) (long) nodes[2 * i + 1];
        }
        // padding copies leaf values, which for a classifier are indices into the distributions
        this.padded = classes == 0 ? Padded.of(this) : null;
    }

    /**
     * Bits of a split's code that name its feature: 4 up to 16 features (the layout's first version), else as
     * many as the largest feature index needs.
     */
    static int featureBits(int features) {
        return Math.max(4, 32 - Integer.numberOfLeadingZeros(features - 1));
    }

    /** Most nodes a forest over {@code features} features may have: its right children fit above the feature. */
    static int maxNodes(int features) {
        return 1 << (31 - featureBits(features));
    }

    /** The roots, for {@link ForestFile}: not copied, so callers must not modify them. */
    int[] rootArray() {
        return roots;
    }

    /** A classifier's leaf distributions, for {@link ForestFile}: not copied, so callers must not modify them. */
    double[] distributionArray() {
        return distributions;
    }

    /** A classifier's classes' positions in Tribuo's label order, for {@link ForestFile}: not copied. */
    int[] modelRankArray() {
        return modelRank;
    }

    /** {@link ForestFile}'s layout of the nodes, built afresh. */
    double[] nodeArray() {
        double[] nodes = new double[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            nodes[2 * i] = values[i];
            nodes[2 * i + 1] = codes[i];
        }
        return nodes;
    }

    /** Compiles a Tribuo ensemble of regression trees (or a single tree) over the diamonds schema's features. */
    public static CompiledForest compile(Model<Regressor> model) {
        return compile(model, DiamondSchema.MODEL_SCHEMA);
    }

    /**
     * Compiles a Tribuo ensemble of trees (or a single tree) whose features are {@code schema}'s, for its task.
     * The caller checks the model against the schema first ({@code ModelBundle}); this refuses what it cannot lay
     * out.
     */
    @SuppressWarnings("unchecked")
    public static CompiledForest compile(Model<?> model, ModelSchema schema) {
        if (schema.features().size() > MAX_FEATURES) {
            throw new IllegalArgumentException("the schema has " + schema.features().size()
                    + " features; the compiled forest's layout takes at most " + MAX_FEATURES);
        }
        if (schema.task() instanceof Task.Classification c) {
            if (!model.validate(Label.class)) {
                throw new IllegalArgumentException("the schema's task is classification but the model is not a"
                        + " classification model");
            }
            return ClassifierCompiler.compile(model.castModel(Label.class), schema, c.labels());
        }
        if (!model.validate(Regressor.class)) {
            throw new IllegalArgumentException("the schema's task is regression but the model is not a regression model");
        }
        return compileRegression(model.castModel(Regressor.class), schema);
    }

    private static CompiledForest compileRegression(Model<Regressor> model, ModelSchema schema) {
        List<Model<Regressor>> members = model instanceof EnsembleModel<Regressor> e ? e.getModels() : List.of(model);
        Builder b = new Builder();
        int[] roots = new int[members.size()];
        for (int t = 0; t < members.size(); t++) {
            if (!(members.get(t) instanceof TreeModel<Regressor> tree)) {
                throw new IllegalArgumentException("member " + t + " is a " + members.get(t).getClass().getSimpleName()
                        + ", not a Tribuo tree; only forests of trees compile");
            }
            Node<Regressor> root = tree instanceof IndependentRegressionTreeModel ind
                    ? single(ind) : tree.getRoot();
            roots[t] = b.add(root, schemaIndex(tree.getFeatureIDMap(), schema));
        }
        double[] nodes = new double[b.feature.size() * 2];
        double radix = 1 << featureBits(schema.features().size());
        for (int n = 0; n < b.feature.size(); n++) {
            if (b.left.get(n) >= 0 && b.left.get(n) != n + 1) {
                throw new IllegalStateException("depth-first layout broken at node " + n);
            }
            nodes[2 * n] = b.threshold.get(n);
            nodes[2 * n + 1] = b.feature.get(n) < 0 ? -1 : b.right.get(n) * radix + b.feature.get(n);
        }
        return new CompiledForest(schema.features().size(), roots, nodes);
    }

    private static Node<Regressor> single(IndependentRegressionTreeModel tree) {
        if (tree.getRoots().size() != 1) {
            throw new IllegalArgumentException("expected one output dimension, got " + tree.getRoots().keySet());
        }
        return tree.getRoots().values().iterator().next();
    }

    /** Tribuo feature id to position in the schema's feature vector. */
    static int[] schemaIndex(ImmutableFeatureMap map, ModelSchema schema) {
        int[] index = new int[map.size()];
        for (int id = 0; id < map.size(); id++) {
            String name = map.get(id).getName();
            index[id] = schema.indexOf(name);
            if (index[id] < 0) {
                throw new IllegalArgumentException("the model's feature '" + name + "' is not in the schema "
                        + schema.names());
            }
        }
        return index;
    }

    /**
     * {@code x} as Tribuo's trees read it: a missing value ({@code NaN}) is an absent feature, which Tribuo reads
     * as 0, so the walk must compare 0 with the threshold (a NaN would go left at every split, a 0 goes right of
     * a negative threshold). Returns {@code x} itself when nothing is missing, so rows without missing values,
     * all the diamonds model's, allocate nothing.
     */
    static double[] asTribuoReads(double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                double[] copy = x.clone();
                for (int j = i; j < copy.length; j++) {
                    if (Double.isNaN(copy[j])) {
                        copy[j] = 0;
                    }
                }
                return copy;
            }
        }
        return x;
    }

    /**
     * The output for one feature vector in schema order (see {@link Diamond#toVector()} for the diamonds model);
     * a missing value is {@code NaN}.
     */
    public double predict(double[] x) {
        if (classes != 0) {
            throw new IllegalStateException("a classifier answers probabilities (predictProba), not a value");
        }
        x = asTribuoReads(x);
        if (padded != null) {
            return padded.predict(x);
        }
        return predictWalking(x);
    }

    /** {@link #predict(double[])} over the depth-first layout: the reference, and the path of deep forests. */
    double predictWalking(double[] x) {
        x = asTribuoReads(x);
        int[] r = roots;
        double sum = 0;
        int k = 0;
        for (; k + 4 <= r.length; k += 4) {
            sum += fourLeaves(x, r[k], r[k + 1], r[k + 2], r[k + 3]);
        }
        for (; k < r.length; k++) {
            sum += leaf(x, r[k]);
        }
        return sum / r.length;
    }

    /**
     * A regressor's outputs for many rows at once, each bit-identical to {@link #predict(double[])} on that row.
     *
     * <p>Tree-major: each group of four trees walks every row before the next group starts, so those trees'
     * nodes stay in the core's cache across the batch instead of being fetched again for each row. The sums are
     * accumulated in the same order as {@link #predict(double[])}, so a row's output does not depend on how it
     * was sent.
     */
    public double[] predictAll(double[][] rows) {
        if (classes != 0) {
            throw new IllegalStateException("a classifier answers probabilities (predictProba), not a value");
        }
        double[][] read = rows;
        for (int row = 0; row < rows.length; row++) {
            double[] x = asTribuoReads(rows[row]);
            if (x != rows[row]) {
                if (read == rows) {
                    read = rows.clone();
                }
                read[row] = x;
            }
        }
        rows = read;
        if (padded != null) {
            return padded.predictAll(rows);
        }
        int[] r = roots;
        double[] sum = new double[rows.length];
        int k = 0;
        for (; k + 4 <= r.length; k += 4) {
            for (int row = 0; row < rows.length; row++) {
                sum[row] += fourLeaves(rows[row], r[k], r[k + 1], r[k + 2], r[k + 3]);
            }
        }
        for (; k < r.length; k++) {
            for (int row = 0; row < rows.length; row++) {
                sum[row] += leaf(rows[row], r[k]);
            }
        }
        for (int row = 0; row < rows.length; row++) {
            sum[row] /= r.length;
        }
        return sum;
    }

    /**
     * The sum of four trees' leaves for {@code x}, from their roots {@code a..d}, walked in lockstep: each walk
     * is a chain of dependent loads, so interleaving independent chains lets the CPU overlap their latency
     * (ModelBench, BENCHMARKS.md).
     */
    private double fourLeaves(double[] x, int a, int b, int c, int d) {
        int[] codes = this.codes;
        boolean more = true;
        while (more) {
            more = false;
            int ca = codes[a], cb = codes[b], cc = codes[c], cd = codes[d];
            if (ca >= 0) {
                a = next(x, a, ca);
                more = true;
            }
            if (cb >= 0) {
                b = next(x, b, cb);
                more = true;
            }
            if (cc >= 0) {
                c = next(x, c, cc);
                more = true;
            }
            if (cd >= 0) {
                d = next(x, d, cd);
                more = true;
            }
        }
        return values[a] + values[b] + values[c] + values[d];
    }

    private double leaf(double[] x, int i) {
        int code;
        while ((code = codes[i]) >= 0) {
            i = next(x, i, code);
        }
        return values[i];
    }

    /** The child of split node {@code i} (whose code is {@code code}) that {@code x} goes to. */
    private int next(double[] x, int i, int code) {
        return x[code & mask] > values[i] ? code >>> shift : i + 1;
    }

    /**
     * A classifier's probability of every class for one feature vector in schema order (missing values NaN), in
     * the schema's label order: Tribuo's, within rounding. See {@link #predictProba(double[], double[])}.
     */
    public double[] predictProba(double[] x) {
        double[] out = new double[classes];
        predictProba(x, out);
        return out;
    }

    /**
     * {@link #predictProba(double[])} into {@code out} (at least {@link #classes()} long), allocating nothing.
     *
     * <p>Each tree adds its leaf's class distribution; the sums are divided by their total, as Tribuo's
     * probability-averaging combiner ({@code FullyWeightedVotingCombiner}) does with equal weights. For a forest
     * Tribuo combines by votes ({@code VotingCombiner}), {@link #compile} stored each leaf's vote as a
     * one-hot distribution, so the same sum counts votes. A NaN is read as 0 on the way down, as Tribuo reads
     * an absent feature.
     */
    public void predictProba(double[] x, double[] out) {
        if (classes == 0) {
            throw new IllegalStateException("a regressor answers a value (predict), not probabilities");
        }
        int k = classes;
        for (int c = 0; c < k; c++) {
            out[c] = 0;
        }
        int[] codes = this.codes;
        double[] values = this.values;
        double[] dist = distributions;
        int mask = this.mask;
        int shift = this.shift;
        for (int root : roots) {
            int i = root;
            int code;
            while ((code = codes[i]) >= 0) {
                double v = x[code & mask];
                if (v != v) {
                    v = 0;
                }
                i = v > values[i] ? code >>> shift : i + 1;
            }
            int offset = (int) values[i] * k;
            for (int c = 0; c < k; c++) {
                out[c] += dist[offset + c];
            }
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
    }

    /**
     * Index (schema label order) of the most probable class in {@code probabilities}, as
     * {@link #predictProba} answers them; a tie goes to the label Tribuo's combiner picks, the first in the
     * model's label order.
     */
    public int label(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (probabilities[c] > probabilities[best]
                    || (probabilities[c] == probabilities[best] && modelRank[c] < modelRank[best])) {
                best = c;
            }
        }
        return best;
    }

    /** A classifier's leaf {@code leaf}'s probability of class {@code c} (schema label order), for explainers. */
    public double leafProbability(int leaf, int c) {
        return distributions[(int) values[leaf] * classes + c];
    }

    public double predict(Diamond d) {
        return predict(d.toVector());
    }

    public int trees() {
        return roots.length;
    }

    /** Length of the input vector: the schema's feature count. */
    public int features() {
        return features;
    }

    /** A classifier's number of classes; 0 for a regressor. */
    public int classes() {
        return classes;
    }

    /** Whether this forest is a classifier ({@code predictProba}) rather than a regressor ({@link #predict}). */
    public boolean isClassifier() {
        return classes > 0;
    }

    public int nodes() {
        return codes.length;
    }

    /** Whether predictions take the padded, branch-free walk (false for forests too deep to pad). */
    public boolean padded() {
        return padded != null;
    }

    /** Levels of splits on the longest root-to-leaf path of any tree (0 for a forest of single leaves). */
    public int depth() {
        // one forward pass: a parent always comes before its children (the layout, and ForestFile checks it)
        int[] level = new int[codes.length];
        int d = 0;
        for (int n = 0; n < codes.length; n++) {
            if (codes[n] >= 0) {
                level[n + 1] = Math.max(level[n + 1], level[n] + 1);
                level[codes[n] >>> shift] = Math.max(level[codes[n] >>> shift], level[n] + 1);
                d = Math.max(d, level[n] + 1);
            }
        }
        return d;
    }

    /** Index of the root node of tree {@code t}, for walkers such as explainers. */
    public int root(int t) {
        return roots[t];
    }

    /** Schema index of the split feature of node {@code n}, or -1 for a leaf. */
    public int feature(int n) {
        return codes[n] < 0 ? -1 : codes[n] & mask;
    }

    /** Split threshold of a split node, or the value of a leaf. */
    public double threshold(int n) {
        return values[n];
    }

    /** Child taken when the feature is {@code <=} the threshold. */
    public int left(int n) {
        return feature(n) < 0 ? -1 : n + 1;
    }

    /** Child taken when the feature is {@code >} the threshold. */
    public int right(int n) {
        return codes[n] < 0 ? -1 : codes[n] >>> shift;
    }

    private static final class Builder {
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();

        /** Appends a subtree depth-first; returns the index of its root. */
        int add(Node<Regressor> node, int[] schemaIndex) {
            int i = feature.size();
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            if (node instanceof LeafNode<Regressor> leaf) {
                threshold.set(i, leaf.getOutput().getValues()[0]);
            } else if (node instanceof SplitNode<Regressor> split) {
                feature.set(i, schemaIndex[split.getFeatureID()]);
                threshold.set(i, split.splitValue());
                int l = add(split.getLessThanOrEqual(), schemaIndex);
                int r = add(split.getGreaterThan(), schemaIndex);
                left.set(i, l);
                right.set(i, r);
            } else {
                throw new IllegalArgumentException("unknown tree node type " + node.getClass().getName());
            }
            return i;
        }
    }
}
