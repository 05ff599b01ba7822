package dev.facet.forest;

import dev.facet.contracts.bundle.HeldOutRows;
import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.Diamond;
import dev.facet.contracts.schema.DiamondSchema;
import dev.facet.contracts.stats.StatsCalculator;
import dev.facet.trainer.ForestConfig;
import dev.facet.trainer.ForestTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForestExplainerTest {

    /** Three trees of depth 4: small enough to enumerate every subset per row. */
    private static final ForestConfig TINY = new ForestConfig(3, 4, 0.67f, 5f, 1L, 0.2);

    private DiamondsCsv.Data data;
    private ForestTrainer.Result small;
    private CompiledForest smallForest;
    private double[][] smallBackground;
    private ForestExplainer smallExplainer;
    private List<double[]> smallHeldOut;

    @BeforeAll
    void trainTheSmallForest() {
        data = DiamondsCsv.loadBundled();
        small = ForestTrainer.train(data, ForestConfig.SMALL, "t", "1", m -> { });
        smallForest = CompiledForest.compile(small.model());
        smallBackground = ForestExplainer.trainingRows(data, small.heldOut());
        smallExplainer = ForestExplainer.of(smallForest, smallBackground);
        smallHeldOut = vectors(StatsCalculator.rows(data.rows(), small.heldOut().rows()));
    }

    @Test
    void contributionsAddUpToPredictionMinusExpectedValueOnEveryHeldOutRow() {
        assertThat(smallHeldOut).hasSizeGreaterThan(10_000);
        for (double[] x : smallHeldOut) {
            Explanation e = smallExplainer.explain(x);
            assertThat(e.prediction()).isEqualTo(smallForest.predict(x));
            assertThat(Arrays.stream(e.contributions()).sum())
                    .as("sum of contributions for %s", Arrays.toString(x))
                    .isCloseTo(e.prediction() - e.expectedValue(), within(1e-6));
        }
    }

    @Test
    void expectedValueIsTheMeanPredictionOverTheBackground() {
        double mean = Arrays.stream(smallBackground).mapToDouble(smallForest::predict).average().orElseThrow();
        assertThat(smallExplainer.expectedValue()).isCloseTo(mean, within(1e-6));
        assertThat(smallExplainer.explain(smallHeldOut.get(0)).expectedValue())
                .isEqualTo(smallExplainer.expectedValue());
        assertThat(smallExplainer.backgroundSize()).isEqualTo(smallBackground.length);
    }

    @Test
    void theTrainingBackgroundIsEveryRowNotHeldOut() {
        assertThat(smallBackground.length + small.heldOut().rows().length).isEqualTo(data.rows().size());
        int firstTraining = 0;
        while (Arrays.binarySearch(small.heldOut().rows(), firstTraining) >= 0) {
            firstTraining++;
        }
        assertThat(smallBackground[0]).containsExactly(data.rows().get(firstTraining).diamond().toVector());
    }

    @Test
    void theTrainingBackgroundRefusesRowsOtherThanTheModelsData() {
        HeldOutRows other = new HeldOutRows(1, "0".repeat(64), 7L, small.heldOut().rows());
        assertThatThrownBy(() -> ForestExplainer.trainingRows(data, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void treeShapEqualsTheExactShapleyValuesOfATinyForest() {
        ForestTrainer.Result tiny = ForestTrainer.train(data, TINY, "t", "1", m -> { });
        CompiledForest forest = CompiledForest.compile(tiny.model());
        double[][] background = ForestExplainer.trainingRows(data, tiny.heldOut());
        assertExactShapley(forest, background, vectors(StatsCalculator.rows(data.rows(), tiny.heldOut().rows())), 40);
    }

    @Test
    void treeShapEqualsTheExactShapleyValuesWhereFeaturesRepeatOnAPath() {
        // Depth 8 over nine features: paths split on the same feature twice, exercising the unwind step.
        assertThat(hasRepeatedFeatureOnAPath(smallForest)).isTrue();
        assertExactShapley(smallForest, smallBackground, smallHeldOut, 8);
    }

    @Test
    void treeShapEqualsTheExactShapleyValuesWhenTheBackgroundLeavesNodesUncovered() {
        // Five background rows leave most nodes with no cover: the 50/50 convention must hold in both.
        double[][] background = Arrays.copyOfRange(smallBackground, 0, 5);
        ForestExplainer explainer = ForestExplainer.of(smallForest, background);
        double mean = Arrays.stream(background).mapToDouble(smallForest::predict).average().orElseThrow();
        assertThat(explainer.expectedValue()).isCloseTo(mean, within(1e-6));
        assertExactShapley(smallForest, background, smallHeldOut, 8);
        for (double[] x : smallHeldOut.subList(0, 500)) {
            Explanation e = explainer.explain(x);
            assertThat(e.reconstructed()).isCloseTo(e.prediction(), within(1e-6));
        }
    }

    @Test
    void aFeatureTheForestNeverSplitsOnGetsExactlyZero() {
        int table = DiamondSchema.indexOf("table");
        List<LabelledDiamond> fixed = new ArrayList<>();
        for (LabelledDiamond row : data.rows()) {
            Diamond d = row.diamond();
            fixed.add(new LabelledDiamond(row.row(), new Diamond(d.carat(), d.cut(), d.color(), d.clarity(),
                    d.depth(), 57.0, d.x(), d.y(), d.z()), row.price()));
        }
        DiamondsCsv.Data constantTable = new DiamondsCsv.Data(fixed, data.sha256(), "table fixed at 57");
        ForestTrainer.Result trained = ForestTrainer.train(constantTable, TINY, "t", "1", m -> { });
        CompiledForest forest = CompiledForest.compile(trained.model());
        for (int n = 0; n < forest.nodes(); n++) {
            assertThat(forest.feature(n)).isNotEqualTo(table);
        }
        ForestExplainer explainer = ForestExplainer.of(forest, ForestExplainer.trainingRows(constantTable,
                trained.heldOut()));
        // Explain the real rows, whose table differs from 57: still no credit for a feature the model ignores.
        for (double[] x : smallHeldOut) {
            Explanation e = explainer.explain(x);
            assertThat(e.contribution(table)).isEqualTo(0.0);
            assertThat(e.reconstructed()).isCloseTo(e.prediction(), within(1e-6));
        }
    }

    @Test
    void theOnlyBackgroundRowExplainedAgainstItselfGetsZeroEverywhere() {
        // v(S) is f(b) for every S when x = b is the whole background: every feature is a null player.
        double[] b = smallBackground[123];
        Explanation e = ForestExplainer.of(smallForest, new double[][] {b}).explain(b);
        assertThat(e.expectedValue()).isCloseTo(e.prediction(), within(1e-9));
        for (double c : e.contributions()) {
            assertThat(c).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void concurrentCallsGiveTheSameExplanationsAsSequentialOnes() throws Exception {
        List<double[]> rows = smallHeldOut.subList(0, 2_000);
        List<Explanation> sequential = rows.stream().map(smallExplainer::explain).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Explanation>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> rows.stream().map(smallExplainer::explain).toList()));
            }
            for (Future<List<Explanation>> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badShapesAreRefusedWithTheExpectedLength() {
        assertThatThrownBy(() -> smallExplainer.explain(new double[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 9");
        assertThatThrownBy(() -> ForestExplainer.of(smallForest, new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> ForestExplainer.of(smallForest, new double[][] {new double[3]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 3 values");
    }

    @Test
    void byFeatureNamesTheContributionsInSchemaOrder() {
        Explanation e = smallExplainer.explain(smallHeldOut.get(0));
        assertThat(e.byFeature().keySet()).containsExactlyElementsOf(DiamondSchema.names());
        assertThat(e.byFeature().get("carat")).isEqualTo(e.contribution(0));
    }

    private static void assertExactShapley(CompiledForest forest, double[][] background, List<double[]> rows,
                                           int count) {
        ForestExplainer explainer = ForestExplainer.of(forest, background);
        ExactShapley exact = new ExactShapley(forest, background);
        assertThat(exact.value(rows.get(0), 0)).isCloseTo(explainer.expectedValue(), within(1e-9));
        for (double[] x : rows.subList(0, count)) {
            double[] expected = exact.shapley(x);
            double[] actual = explainer.explain(x).contributions();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("feature %d of %s", i, Arrays.toString(x))
                        .isCloseTo(expected[i], within(1e-9));
            }
        }
    }

    private static boolean hasRepeatedFeatureOnAPath(CompiledForest forest) {
        for (int t = 0; t < forest.trees(); t++) {
            if (repeats(forest, forest.root(t), 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean repeats(CompiledForest forest, int n, int seen) {
        int f = forest.feature(n);
        if (f < 0) {
            return false;
        }
        if ((seen & (1 << f)) != 0) {
            return true;
        }
        return repeats(forest, forest.left(n), seen | 1 << f) || repeats(forest, forest.right(n), seen | 1 << f);
    }

    private static List<double[]> vectors(List<LabelledDiamond> rows) {
        return rows.stream().map(r -> r.diamond().toVector()).toList();
    }
}
