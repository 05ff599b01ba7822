package dev.facet.forest;

/**
 * One explain call's walk of path-dependent TreeSHAP (Lundberg et al. 2020, Algorithm 2) over the trees of a
 * forest, accumulating each tree's SHAP values into {@code phi}. Holds the call's scratch, so it is created per
 * call and never shared between threads.
 *
 * <p>The walk keeps, for the current root-to-node path, one element per distinct feature split on so far (plus
 * a dummy first element): the feature, its <em>zero fraction</em> {@code z} (the share of background cover that
 * flows down this path through the feature's splits: what happens when the feature is unknown) and its
 * <em>one fraction</em> {@code o} (1 if {@code x} itself follows the path through every split on the feature,
 * else 0: what happens when the feature is known). Its weights {@code w[k]} are, over every subset {@code S} of
 * {@code k} of the path's {@code L} features, the sum of {@code prod_{S} o * prod_{not S} z}, times the Shapley
 * weight {@code k! (L-k)! / (L+1)!}. Extending the path by a feature is a product with {@code (z + o t)};
 * unwinding a feature divides it back out. At a leaf, feature {@code i}'s contribution is the leaf value times
 * {@code (o_i - z_i)} times the sum of the weights of the path with {@code i} unwound.
 *
 * <p>A split on a feature already in the path (a feature used twice on one path) first unwinds the feature's
 * element and re-extends with the product of its fractions, so each feature appears once, which is what makes
 * the result the exact Shapley value of the path-dependent conditional expectation.
 */
final class TreeShapWalk {


    private final CompiledForest forest;
    /** Per node: its background cover divided by its parent's (the split's conditional branch probability). */
    private final double[] branchShare;
    private final double[] x;
    /**
     * The SHAP values being summed: for a regressor one per feature; for a classifier one per class and feature,
     * class {@code c}'s at {@code [c * features, (c + 1) * features)}.
     */
    private final double[] phi;
    private final int features;
    /** Classes of a classifier (each leaf adds to every class's values); 0 for a regressor. */
    private final int classes;

    /** Path storage: level {@code l} of the recursion owns {@code [l * stride, (l + 1) * stride)}. */
    private final int stride;
    private final int[] feature;
    private final double[] zero;
    private final double[] one;
    private final double[] weight;

    /** Leaf scratch, one slot per path element with a one fraction of 1. */
    private final int[] onesAt;
    private final double[] carry;
    private final double[] unwound;
    private final double[] zeroScaled;
    /**
     * {@code 1 / k} for the path lengths that occur (up to {@code stride}, plus one): a division the walk would
     * otherwise pay at every extension.
     */
    private final double[] reciprocal;

    TreeShapWalk(CompiledForest forest, double[] branchShare, int maxDepth, int features, double[] x,
                 double[] phi) {
        this.forest = forest;
        this.branchShare = branchShare;
        this.x = x;
        this.phi = phi;
        this.features = features;
        this.classes = forest.classes();
        // A path holds at most one element per distinct feature plus the dummy; the recursion is maxDepth + 1
        // levels deep (the root at level 0).
        this.stride = Math.min(maxDepth, features) + 1;
        int size = (maxDepth + 1) * stride;
        this.feature = new int[size];
        this.zero = new double[size];
        this.one = new double[size];
        this.weight = new double[size];
        this.onesAt = new int[stride];
        this.carry = new double[stride];
        this.unwound = new double[stride];
        this.zeroScaled = new double[stride];
        this.reciprocal = new double[stride + 2];
        for (int k = 1; k < reciprocal.length; k++) {
            reciprocal[k] = 1.0 / k;
        }
    }

    /** Adds the SHAP values of the tree rooted at {@code root} to {@code phi}. */
    void tree(int root) {
        recurse(root, 0, 0, 1, 1, -1);
    }

    /**
     * Visits {@code node}, reached from a parent whose path (at level {@code level - 1}) has {@code parentLength}
     * elements, by a split on {@code splitFeature} with fractions {@code pZero} and {@code pOne}.
     */
    private void recurse(int node, int level, int parentLength, double pZero, double pOne, int splitFeature) {
        int base = level * stride;
        if (level > 0) {
            // The parent's path stays intact for its other child: this level works on its own copy.
            int from = base - stride;
            System.arraycopy(feature, from, feature, base, parentLength);
            System.arraycopy(zero, from, zero, base, parentLength);
            System.arraycopy(one, from, one, base, parentLength);
            System.arraycopy(weight, from, weight, base, parentLength);
        }
        int length = extend(base, parentLength, pZero, pOne, splitFeature);

        int f = forest.feature(node);
        if (f < 0) {
            leaf(base, length, node);
            return;
        }

        boolean goesRight = x[f] > forest.threshold(node);
        int hot = goesRight ? forest.right(node) : forest.left(node);
        int cold = goesRight ? forest.left(node) : forest.right(node);
        double inZero = 1;
        double inOne = 1;
        for (int i = 1; i < length; i++) {
            if (feature[base + i] == f) {
                inZero = zero[base + i];
                inOne = one[base + i];
                unwind(base, length, i);
                length--;
                break;
            }
        }
        // A branch whose fractions are both 0 adds 0 to v(S) for every S: skipping it is exact.
        double hotZero = inZero * branchShare[hot];
        if (hotZero != 0 || inOne != 0) {
            recurse(hot, level + 1, length, hotZero, inOne, f);
        }
        double coldZero = inZero * branchShare[cold];
        if (coldZero != 0) {
            recurse(cold, level + 1, length, coldZero, 0, f);
        }
    }

    /** Appends a feature with fractions (pZero, pOne) to the path of {@code length} elements at {@code base}. */
    private int extend(int base, int length, double pZero, double pOne, int f) {
        int end = base + length;
        feature[end] = f;
        zero[end] = pZero;
        one[end] = pOne;
        weight[end] = length == 0 ? 1 : 0;
        double oneShare = pOne * reciprocal[length + 1];
        double zeroShare = pZero * reciprocal[length + 1];
        for (int i = length - 1; i >= 0; i--) {
            weight[base + i + 1] += oneShare * weight[base + i] * (i + 1);
            weight[base + i] = zeroShare * weight[base + i] * (length - i);
        }
        return length + 1;
    }

    /** Removes element {@code k} from the path of {@code length} elements at {@code base}: inverse of extend. */
    private void unwind(int base, int length, int k) {
        double o = one[base + k];
        double z = zero[base + k];
        double carry = weight[base + length - 1];
        for (int j = length - 2; j >= 0; j--) {
            int at = base + j;
            if (o != 0) {
                double previous = weight[at];
                weight[at] = carry * length / ((j + 1) * o);
                carry = previous - weight[at] * z * (length - 1 - j) / length;
            } else {
                weight[at] = weight[at] * length / (z * (length - 1 - j));
            }
        }
        for (int j = k; j < length - 1; j++) {
            feature[base + j] = feature[base + j + 1];
            zero[base + j] = zero[base + j + 1];
            one[base + j] = one[base + j + 1];
        }
    }

    /**
     * Adds a leaf's contributions: for each path element {@code i}, the leaf value times {@code (o_i - z_i)} times
     * the sum of the weights {@link #unwind} would leave for {@code i}, computed without unwinding.
     *
     * <p>Two facts keep this cheap. One fractions are 0 or 1 (products of "x goes this way"). For the elements
     * with {@code o = 0} the unwound sum is {@code L / z_i * sum_j w_j / (L - 1 - j)}, the same sum for all of
     * them, and {@code z_i} cancels against the factor {@code (0 - z_i)}. For the elements with {@code o = 1}
     * the unwinding is a recurrence from the top weight down; the recurrences of different elements are
     * independent, so they advance side by side (inner loop over the elements), which the CPU overlaps instead
     * of waiting on one chain of dependent multiplications.
     */
    private void leaf(int base, int length, int node) {
        double[] recip = reciprocal;
        double zeroPathSum = 0;
        for (int j = length - 2; j >= 0; j--) {
            zeroPathSum += weight[base + j] * recip[length - 1 - j];
        }
        int ones = 0;
        for (int i = 1; i < length; i++) {
            int at = base + i;
            if (one[at] == 0) {
                // unwound sum (L / z_i) * zeroPathSum times (0 - z_i): z_i cancels
                add(node, feature[at], -(length * zeroPathSum));
            } else {
                onesAt[ones] = at;
                carry[ones] = weight[base + length - 1];
                unwound[ones] = 0;
                zeroScaled[ones] = zero[at] * recip[length];
                ones++;
            }
        }
        for (int j = length - 2; j >= 0; j--) {
            double up = length * recip[j + 1];
            double down = length - 1 - j;
            double w = weight[base + j];
            for (int k = 0; k < ones; k++) {
                double unwoundWeight = carry[k] * up;
                unwound[k] += unwoundWeight;
                carry[k] = w - unwoundWeight * zeroScaled[k] * down;
            }
        }
        for (int k = 0; k < ones; k++) {
            int at = onesAt[k];
            add(node, feature[at], unwound[k] * (1 - zero[at]));
        }
    }

    /** Adds {@code weight} times the leaf's value to feature {@code f}'s SHAP value, for every class of a classifier. */
    private void add(int leaf, int f, double weight) {
        if (classes == 0) {
            phi[f] += weight * forest.threshold(leaf);
            return;
        }
        for (int c = 0; c < classes; c++) {
            phi[c * features + f] += weight * forest.leafProbability(leaf, c);
        }
    }
}
