package dev.facet.common.forest;

import dev.facet.common.schema.Diamond;
import dev.facet.common.schema.DiamondSchema;
import org.tribuo.ImmutableFeatureMap;
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
 *
 * <p>Why: Tribuo's {@code predict} builds an {@code Example} and, per tree, a {@code SparseVector} (tribuo#416),
 * which costs about 100 µs a row for 40 trees. Here a row is a {@code double[]} in schema order and each tree a
 * walk over arrays. Node {@code i} of the forest is a split when {@code feature[i] >= 0}: go to {@code right[i]}
 * when {@code x[feature[i]] > threshold[i]} (Tribuo's rule), else to {@code left[i]}; a leaf holds its value in
 * {@code threshold[i]}. The forest's output is the mean of its trees' outputs, as Tribuo's AveragingCombiner.
 *
 * <p>Immutable after construction, so one instance serves every thread.
 */
public final class CompiledForest {

    private final int[] roots;
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;

    private CompiledForest(int[] roots, int[] feature, double[] threshold, int[] left, int[] right) {
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
    }

    /** Compiles a Tribuo ensemble of regression trees (or a single tree) over the schema's features. */
    public static CompiledForest compile(Model<Regressor> model) {
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
            roots[t] = b.add(root, schemaIndex(tree.getFeatureIDMap()));
        }
        return new CompiledForest(roots, b.feature.stream().mapToInt(Integer::intValue).toArray(),
                b.threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                b.left.stream().mapToInt(Integer::intValue).toArray(),
                b.right.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Node<Regressor> single(IndependentRegressionTreeModel tree) {
        if (tree.getRoots().size() != 1) {
            throw new IllegalArgumentException("expected one output dimension, got " + tree.getRoots().keySet());
        }
        return tree.getRoots().values().iterator().next();
    }

    /** Tribuo feature id to position in the schema's feature vector. */
    private static int[] schemaIndex(ImmutableFeatureMap map) {
        int[] index = new int[map.size()];
        for (int id = 0; id < map.size(); id++) {
            index[id] = DiamondSchema.indexOf(map.get(id).getName());
        }
        return index;
    }

    /** Price for one feature vector in {@link DiamondSchema#FEATURES} order (see {@link Diamond#toVector()}). */
    public double predict(double[] x) {
        double sum = 0;
        for (int root : roots) {
            int n = root;
            int f;
            while ((f = feature[n]) >= 0) {
                n = x[f] > threshold[n] ? right[n] : left[n];
            }
            sum += threshold[n];
        }
        return sum / roots.length;
    }

    public double predict(Diamond d) {
        return predict(d.toVector());
    }

    public int trees() {
        return roots.length;
    }

    public int nodes() {
        return feature.length;
    }

    /** Index of the root node of tree {@code t}, for walkers such as explainers. */
    public int root(int t) {
        return roots[t];
    }

    /** Schema index of the split feature of node {@code n}, or -1 for a leaf. */
    public int feature(int n) {
        return feature[n];
    }

    /** Split threshold of a split node, or the value of a leaf. */
    public double threshold(int n) {
        return threshold[n];
    }

    /** Child taken when the feature is {@code <=} the threshold. */
    public int left(int n) {
        return left[n];
    }

    /** Child taken when the feature is {@code >} the threshold. */
    public int right(int n) {
        return right[n];
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
