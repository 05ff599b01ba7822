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
 * which costs tens of µs a row for 40 trees. Here a row is a {@code double[]} in schema order and each tree a
 * walk over one array. Nodes are laid out depth-first, so a split's left child is the next node; each node is
 * two adjacent doubles, {@code [threshold, code]}, so one cache line serves a step. A split's code is
 * {@code right * 16 + feature} (exact in a double up to 2^49 nodes); a leaf's code is -1 and its threshold slot
 * holds its value. Go right when {@code x[feature] > threshold} (Tribuo's rule), else left. The forest's output
 * is the mean of its trees' outputs, as Tribuo's AveragingCombiner. The 190,636-node default forest is 3 MB.
 *
 * <p>A bundle stores it ready-made ({@link ForestFile}, {@code forest.bin}), so serving starts without
 * deserializing Tribuo's model (seconds and a few hundred MB of heap); {@link #compile} is how it is made.
 *
 * <p>Immutable after construction, so one instance serves every thread.
 */
public final class CompiledForest {

    private final int[] roots;
    /** Two slots per node: threshold (or leaf value), then code (right * 16 + feature, or -1 for a leaf). */
    private final double[] nodes;

    /** From arrays in this class's layout; {@link ForestFile} checks them before calling this. */
    CompiledForest(int[] roots, double[] nodes) {
        this.roots = roots;
        this.nodes = nodes;
    }

    /** The raw layout, for {@link ForestFile}: not copied, so callers must not modify them. */
    int[] rootArray() {
        return roots;
    }

    double[] nodeArray() {
        return nodes;
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
        double[] nodes = new double[b.feature.size() * 2];
        for (int n = 0; n < b.feature.size(); n++) {
            if (b.left.get(n) >= 0 && b.left.get(n) != n + 1) {
                throw new IllegalStateException("depth-first layout broken at node " + n);
            }
            nodes[2 * n] = b.threshold.get(n);
            nodes[2 * n + 1] = b.feature.get(n) < 0 ? -1 : (double) b.right.get(n) * 16 + b.feature.get(n);
        }
        return new CompiledForest(roots, nodes);
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
        // four trees walked in lockstep: each walk is a chain of dependent loads, so interleaving independent
        // chains lets the CPU overlap their latency (default forest, one core: 3.5 -> 2.8 µs a row)
        double[] t = nodes;
        int[] r = roots;
        double sum = 0;
        int k = 0;
        for (; k + 4 <= r.length; k += 4) {
            int a = r[k] << 1, b = r[k + 1] << 1, c = r[k + 2] << 1, d = r[k + 3] << 1;
            boolean more = true;
            while (more) {
                more = false;
                double ca = t[a + 1], cb = t[b + 1], cc = t[c + 1], cd = t[d + 1];
                if (ca >= 0) {
                    a = step(t, x, a, ca);
                    more = true;
                }
                if (cb >= 0) {
                    b = step(t, x, b, cb);
                    more = true;
                }
                if (cc >= 0) {
                    c = step(t, x, c, cc);
                    more = true;
                }
                if (cd >= 0) {
                    d = step(t, x, d, cd);
                    more = true;
                }
            }
            sum += t[a] + t[b] + t[c] + t[d];
        }
        for (; k < r.length; k++) {
            int i = r[k] << 1;
            double code;
            while ((code = t[i + 1]) >= 0) {
                i = step(t, x, i, code);
            }
            sum += t[i];
        }
        return sum / r.length;
    }

    private static int step(double[] t, double[] x, int i, double code) {
        long c = (long) code;
        return x[(int) (c & 15)] > t[i] ? (int) (c >>> 4) << 1 : i + 2;
    }

    public double predict(Diamond d) {
        return predict(d.toVector());
    }

    public int trees() {
        return roots.length;
    }

    public int nodes() {
        return nodes.length / 2;
    }

    /** Index of the root node of tree {@code t}, for walkers such as explainers. */
    public int root(int t) {
        return roots[t];
    }

    /** Schema index of the split feature of node {@code n}, or -1 for a leaf. */
    public int feature(int n) {
        double code = nodes[2 * n + 1];
        return code < 0 ? -1 : (int) ((long) code & 15);
    }

    /** Split threshold of a split node, or the value of a leaf. */
    public double threshold(int n) {
        return nodes[2 * n];
    }

    /** Child taken when the feature is {@code <=} the threshold. */
    public int left(int n) {
        return feature(n) < 0 ? -1 : n + 1;
    }

    /** Child taken when the feature is {@code >} the threshold. */
    public int right(int n) {
        double code = nodes[2 * n + 1];
        return code < 0 ? -1 : (int) ((long) code >>> 4);
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
