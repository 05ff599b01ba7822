package dev.facet.forest;

/**
 * A {@link CompiledForest} with every tree completed to the forest's depth D and stored breadth-first, so that a
 * walk is exactly D branch-free steps: from split {@code j}, go to {@code 2j + 1}, plus one if
 * {@code x[feature] > threshold} (Tribuo's rule). A leaf above depth D is pushed down: the splits below it test
 * {@code x[0] > +Infinity} (never true, as for NaN in the original walk) and every leaf under it holds its value.
 *
 * <p>Why: the depth-first walk ends at a leaf whose depth varies, so every step asks "leaf yet?" and the CPU
 * mispredicts it; with the depth fixed, the only data-dependent choice is an index computation, and eight trees
 * walked in lockstep give the core eight independent chains of loads to overlap. The leaves reached are the
 * original walk's, and they are summed in the same order, so prices are bit-identical to it.
 *
 * <p>ModelBench measures it against the depth-first walk, for single rows and batches (BENCHMARKS.md): the gain
 * is largest for single rows, since a batch already overlaps its rows.
 *
 * <p>Padding costs memory: a tree of depth D takes {@code 2^D} splits and leaves (17 bytes a pair) however few
 * nodes it has. Forests that would take more than {@link #MAX_BYTES} keep the depth-first walk.
 */
final class Padded {

    /** Largest padded copy made: the default forest (40 trees of depth 12) takes 2.8 MB. */
    static final long MAX_BYTES = 8L << 20;

    private final int trees;
    private final int depth;
    /** Splits per padded tree, {@code 2^depth - 1}; tree t's splits start at {@code t * splits}. */
    private final int splits;
    /** Per split: the feature's index in the row vector. */
    private final byte[] feature;
    /** Per split: the threshold. */
    private final double[] threshold;
    /** Per tree, {@code 2^depth} leaf values; tree t's start at {@code t * (splits + 1)}. */
    private final double[] leaves;

    private Padded(int trees, int depth) {
        this.trees = trees;
        this.depth = depth;
        this.splits = (1 << depth) - 1;
        this.feature = new byte[trees * splits];
        this.threshold = new double[trees * splits];
        this.leaves = new double[trees * (splits + 1)];
    }

    /**
     * Most features a padded copy reads: a split's feature is a byte, so that a step's feature and threshold
     * take 9 bytes rather than 12; wider schemas keep the depth-first walk.
     */
    static final int MAX_FEATURES = Byte.MAX_VALUE + 1;

    /**
     * The padded copy of {@code forest}, or null when it would take more than {@link #MAX_BYTES} or reads more
     * than {@link #MAX_FEATURES} features.
     */
    static Padded of(CompiledForest forest) {
        int depth = forest.depth();
        if (forest.features() > MAX_FEATURES || depth > 30 || (long) forest.trees() * (17L << depth) > MAX_BYTES) {
            return null;
        }
        Padded p = new Padded(forest.trees(), depth);
        for (int t = 0; t < forest.trees(); t++) {
            p.fill(forest, t, forest.root(t), 0, 0);
        }
        return p;
    }

    /** Places original node {@code n} at padded position {@code j} (on {@code level}) of tree {@code t}. */
    private void fill(CompiledForest forest, int t, int n, int j, int level) {
        if (level == depth) {
            leaves[t * (splits + 1) + j - splits] = forest.threshold(n); // a leaf's value: depth() bounds every path
            return;
        }
        int f = forest.feature(n);
        int s = t * splits + j;
        if (f >= 0) {
            feature[s] = (byte) f;
            threshold[s] = forest.threshold(n);
            fill(forest, t, forest.left(n), 2 * j + 1, level + 1);
            fill(forest, t, forest.right(n), 2 * j + 2, level + 1);
        } else {
            feature[s] = 0;
            threshold[s] = Double.POSITIVE_INFINITY;
            fill(forest, t, n, 2 * j + 1, level + 1);
            fill(forest, t, n, 2 * j + 2, level + 1);
        }
    }

    double predict(double[] x) {
        double sum = 0;
        int t = 0;
        for (; t + 8 <= trees; t += 8) {
            sum = eightLeaves(x, t, sum);
        }
        for (; t + 4 <= trees; t += 4) {
            sum += fourLeaves(x, t);
        }
        for (; t < trees; t++) {
            sum += leaf(x, t);
        }
        return sum / trees;
    }

    /** Tree-major, as {@link CompiledForest#predictAll}: bit-identical to {@link #predict} on each row. */
    double[] predictAll(double[][] rows) {
        double[] sum = new double[rows.length];
        int t = 0;
        for (; t + 8 <= trees; t += 8) {
            for (int row = 0; row < rows.length; row++) {
                sum[row] = eightLeaves(rows[row], t, sum[row]);
            }
        }
        for (; t + 4 <= trees; t += 4) {
            for (int row = 0; row < rows.length; row++) {
                sum[row] += fourLeaves(rows[row], t);
            }
        }
        for (; t < trees; t++) {
            for (int row = 0; row < rows.length; row++) {
                sum[row] += leaf(rows[row], t);
            }
        }
        for (int row = 0; row < rows.length; row++) {
            sum[row] /= trees;
        }
        return sum;
    }

    /** Trees {@code t..t+3} walked in lockstep; their leaves summed in the depth-first walk's order. */
    private double fourLeaves(double[] x, int t) {
        byte[] feature = this.feature;
        double[] threshold = this.threshold;
        int a = t * splits;
        int b = a + splits;
        int c = b + splits;
        int d = c + splits;
        int ja = 0;
        int jb = 0;
        int jc = 0;
        int jd = 0;
        for (int level = 0; level < depth; level++) {
            ja = 2 * ja + (x[feature[a + ja]] > threshold[a + ja] ? 2 : 1);
            jb = 2 * jb + (x[feature[b + jb]] > threshold[b + jb] ? 2 : 1);
            jc = 2 * jc + (x[feature[c + jc]] > threshold[c + jc] ? 2 : 1);
            jd = 2 * jd + (x[feature[d + jd]] > threshold[d + jd] ? 2 : 1);
        }
        int first = t * (splits + 1) - splits;
        int stride = splits + 1;
        return leaves[first + ja] + leaves[first + stride + jb] + leaves[first + 2 * stride + jc]
                + leaves[first + 3 * stride + jd];
    }

    /** Trees {@code t..t+7} in lockstep, added to {@code sum} as two {@link #fourLeaves} would be. */
    private double eightLeaves(double[] x, int t, double sum) {
        byte[] feature = this.feature;
        double[] threshold = this.threshold;
        int a = t * splits;
        int b = a + splits;
        int c = b + splits;
        int d = c + splits;
        int e = d + splits;
        int f = e + splits;
        int g = f + splits;
        int h = g + splits;
        int ja = 0, jb = 0, jc = 0, jd = 0, je = 0, jf = 0, jg = 0, jh = 0;
        for (int level = 0; level < depth; level++) {
            ja = 2 * ja + (x[feature[a + ja]] > threshold[a + ja] ? 2 : 1);
            jb = 2 * jb + (x[feature[b + jb]] > threshold[b + jb] ? 2 : 1);
            jc = 2 * jc + (x[feature[c + jc]] > threshold[c + jc] ? 2 : 1);
            jd = 2 * jd + (x[feature[d + jd]] > threshold[d + jd] ? 2 : 1);
            je = 2 * je + (x[feature[e + je]] > threshold[e + je] ? 2 : 1);
            jf = 2 * jf + (x[feature[f + jf]] > threshold[f + jf] ? 2 : 1);
            jg = 2 * jg + (x[feature[g + jg]] > threshold[g + jg] ? 2 : 1);
            jh = 2 * jh + (x[feature[h + jh]] > threshold[h + jh] ? 2 : 1);
        }
        int stride = splits + 1;
        int first = t * stride - splits;
        sum += leaves[first + ja] + leaves[first + stride + jb] + leaves[first + 2 * stride + jc]
                + leaves[first + 3 * stride + jd];
        first += 4 * stride;
        return sum + (leaves[first + je] + leaves[first + stride + jf] + leaves[first + 2 * stride + jg]
                + leaves[first + 3 * stride + jh]);
    }

    private double leaf(double[] x, int t) {
        int base = t * splits;
        int j = 0;
        for (int level = 0; level < depth; level++) {
            j = 2 * j + (x[feature[base + j]] > threshold[base + j] ? 2 : 1);
        }
        return leaves[t * (splits + 1) + j - splits];
    }
}
