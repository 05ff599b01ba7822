package dev.facet.forest;

import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import dev.facet.trainer.TribuoAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoAgreementTest {

    /** Four trees of depth 6: a real forest, trained in a moment. */
    private static final ForestConfig TINY = new ForestConfig(4, 6, 0.67f, 5f, 3L, 0.2);

    private ForestTrainer.Result trained;
    private CompiledForest forest;
    private List<LabelledDiamond> heldOut;
    private double[][] rows;

    @BeforeAll
    void trainATinyForest() {
        DiamondsCsv.Data data = DiamondsCsv.loadBundled();
        trained = ForestTrainer.train(data, TINY, "t", "1", m -> { });
        forest = CompiledForest.compile(trained.model());
        heldOut = StatsCalculator.rows(data.rows(), trained.heldOut().rows());
        rows = heldOut.stream().map(r -> r.diamond().toVector()).toArray(double[][]::new);
    }

    @Test
    void aForestCompiledFromTheModelAgreesWithItOnEveryHeldOutRow() {
        TribuoAgreement agreement = TribuoAgreement.measure(forest, trained.model(), rows);
        assertThat(agreement.rows()).isEqualTo(10_788);
        assertThat(agreement.agrees()).isTrue();
        assertThat(agreement.maxDifference()).isLessThanOrEqualTo(TribuoAgreement.TOLERANCE);
        // the reference is Tribuo's own prediction through the trainer's encoding of a diamond
        assertThat(agreement.tribuo()).isEqualTo(TribuoAdapter.predict(trained.model(),
                heldOut.get(agreement.worstRow()).diamond()));
    }

    @Test
    void aForestWithOneLeafMovedIsRefusedAtARowThatReachesThatLeaf() {
        int leaf = leafOf(0, rows[0]);
        double shift = 0.5;
        TribuoAgreement agreement = TribuoAgreement.measure(withLeaf(leaf, forest.threshold(leaf) + shift),
                trained.model(), rows);
        assertThat(agreement.agrees()).isFalse();
        // the forest averages its trees, so one leaf moved by 0.5 moves the price by 0.5 / trees
        assertThat(agreement.maxDifference()).isCloseTo(shift / TINY.trees(), within(1e-6));
        assertThat(leafOf(0, rows[agreement.worstRow()])).isEqualTo(leaf);
        assertThat(agreement.compiled() - agreement.tribuo()).isPositive();
        assertThat(agreement.describe("row " + agreement.worstRow()))
                .contains("row " + agreement.worstRow(), "|difference| 0.125 USD", "10788 rows");
    }

    @Test
    void aDifferenceJustAboveTheToleranceIsRefused() {
        int leaf = leafOf(1, rows[5]);
        double shift = 1e-8 * TINY.trees(); // 1e-8 USD on the price: ten times the tolerance
        TribuoAgreement agreement = TribuoAgreement.measure(withLeaf(leaf, forest.threshold(leaf) + shift),
                trained.model(), rows);
        assertThat(agreement.maxDifference()).isGreaterThan(TribuoAgreement.TOLERANCE);
        assertThat(agreement.agrees()).isFalse();
    }

    @Test
    void aNaNLeafIsRefusedRatherThanSkipped() {
        int leaf = leafOf(2, rows[9]);
        TribuoAgreement agreement = TribuoAgreement.measure(withLeaf(leaf, Double.NaN), trained.model(), rows);
        assertThat(agreement.compiled()).isNaN();
        assertThat(agreement.agrees()).isFalse();
    }

    @Test
    void noRowsAgreeTrivially() {
        TribuoAgreement agreement = TribuoAgreement.measure(forest, trained.model(), new double[0][]);
        assertThat(agreement.worstRow()).isEqualTo(-1);
        assertThat(agreement.maxDifference()).isZero();
        assertThat(agreement.agrees()).isTrue();
    }

    /** The leaf that tree {@code t} sends {@code x} to, walked by the public accessors (not the forest's own walk). */
    private int leafOf(int t, double[] x) {
        int n = forest.root(t);
        while (forest.feature(n) >= 0) {
            n = x[forest.feature(n)] > forest.threshold(n) ? forest.right(n) : forest.left(n);
        }
        return n;
    }

    /** A copy of the forest with node {@code leaf}'s value replaced. */
    private CompiledForest withLeaf(int leaf, double value) {
        double[] nodes = forest.nodeArray();
        nodes[2 * leaf] = value;
        return new CompiledForest(forest.rootArray(), nodes);
    }
}
