package dev.facet.forest;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The padded walk against the depth-first one, on forests of random shape and on awkward inputs. */
class PaddedTest {

    static final int FEATURES = 9;
    /** Thresholds are drawn from these, and so are inputs: ties (x equal to a threshold) are common. */
    static final double[] VALUES = {-1e300, -3.5, -0.0, 0.0, 0.25, 1.0, 2.5, 7.0, 1e300};

    @Property(tries = 300)
    void theSameLeavesAsTheDepthFirstWalk(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int trees,
                                          @ForAll @IntRange(min = 0, max = 9) int maxDepth) {
        Random random = new Random(seed);
        CompiledForest forest = randomForest(random, trees, maxDepth);
        assertThat(forest.padded()).isTrue();
        assertThat(forest.depth()).isLessThanOrEqualTo(maxDepth);
        double[][] rows = new double[64][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = randomRow(random);
        }
        double[] all = forest.predictAll(rows);
        for (int r = 0; r < rows.length; r++) {
            double expected = forest.predictWalking(rows[r]);
            assertThat(forest.predict(rows[r])).as("row %s", java.util.Arrays.toString(rows[r])).isEqualTo(expected);
            assertThat(all[r]).isEqualTo(expected);
        }
    }

    @Test
    void aForestTooDeepToPadKeepsTheDepthFirstWalk() {
        // one chain of 20 splits: padding it would take 17 * 2^20 bytes, over the limit
        List<Double> nodes = new ArrayList<>();
        int depth = 20;
        for (int k = 0; k < depth; k++) {
            int right = nodes.size() / 2 + 2; // the split, its left leaf, then the rest of the chain
            nodes.add((double) k);
            nodes.add((double) right * 16 + 0);
            nodes.add(-(double) k); // left leaf: x[0] <= k
            nodes.add(-1.0);
        }
        nodes.add(1000.0);
        nodes.add(-1.0);
        CompiledForest forest = new CompiledForest(new int[] {0}, nodes.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(forest.depth()).isEqualTo(depth);
        assertThat(forest.padded()).isFalse();
        double[] x = new double[FEATURES];
        x[0] = 5.5; // right of splits 0..5, left at split 6
        assertThat(forest.predict(x)).isEqualTo(-6.0);
        x[0] = 99;
        assertThat(forest.predictAll(new double[][] {x})).containsExactly(1000.0);
    }

    static CompiledForest randomForest(Random random, int trees, int maxDepth) {
        List<double[]> nodes = new ArrayList<>();
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = nodes.size();
            add(nodes, random, maxDepth);
        }
        double[] flat = new double[nodes.size() * 2];
        for (int i = 0; i < nodes.size(); i++) {
            flat[2 * i] = nodes.get(i)[0];
            flat[2 * i + 1] = nodes.get(i)[1];
        }
        return new CompiledForest(roots, flat);
    }

    /** Appends a random subtree depth-first (left child next), as the compiled layout wants. */
    private static void add(List<double[]> nodes, Random random, int depthLeft) {
        double[] node = new double[2];
        nodes.add(node);
        if (depthLeft == 0 || random.nextInt(4) == 0) {
            node[0] = random.nextGaussian() * 1000;
            node[1] = -1;
            return;
        }
        node[0] = VALUES[random.nextInt(VALUES.length)];
        add(nodes, random, depthLeft - 1);
        int right = nodes.size();
        add(nodes, random, depthLeft - 1);
        node[1] = (double) right * 16 + random.nextInt(FEATURES);
    }

    private static double[] randomRow(Random random) {
        double[] x = new double[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            int pick = random.nextInt(VALUES.length + 3);
            x[f] = pick < VALUES.length ? VALUES[pick]
                    : pick == VALUES.length ? Double.NaN
                    : pick == VALUES.length + 1 ? Double.POSITIVE_INFINITY
                    : random.nextGaussian() * 5;
        }
        return x;
    }
}
