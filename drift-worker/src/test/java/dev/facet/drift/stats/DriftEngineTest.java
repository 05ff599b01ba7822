package dev.facet.drift.stats;

import dev.facet.contracts.schema.Diamond;
import dev.facet.drift.TestTraffic;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.EventColumns;
import dev.facet.drift.window.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics engine on real traffic (held-out rows priced by a real small model) without Kafka, so that
 * many windows fit in a few seconds. Seeded: every run sees the same windows.
 */
class DriftEngineTest {

    private static final int WINDOW = 500;
    private final TestTraffic traffic = TestTraffic.get();
    private final DriftEngine engine = new DriftEngine(traffic.reference(), DataDriftPolicy.defaults());
    private final EventColumns columns = traffic.columns();
    private final Row row = columns.newRow();

    @Test
    void heldOutTrafficRaisesDatasetDriftInAtMostOnePercentOfWindows() {
        Random random = new Random(11);
        int windows = 1000;
        int flagged = 0;
        int featureFlags = 0;
        for (int w = 0; w < windows; w++) {
            Evaluation e = window(random, d -> d);
            assertThat(e.verdict()).isTrue();
            flagged += e.datasetDrift() ? 1 : 0;
            featureFlags += e.drifted();
        }
        System.out.printf("null: dataset drift in %d of %d windows, %d feature flags%n", flagged, windows, featureFlags);
        assertThat(flagged).as("dataset drift in %d of %d drift-free windows", flagged, windows)
                .isLessThanOrEqualTo(windows / 100);
        assertThat(featureFlags).isLessThanOrEqualTo(windows / 100);
    }

    @Test
    void heavierStonesAreFlaggedWithinTwoWindows() {
        for (int trial = 0; trial < 20; trial++) {
            Random random = new Random(100 + trial);
            Evaluation first = window(random, d -> TestTraffic.heavier(d, 1.1));
            Evaluation second = window(random, d -> TestTraffic.heavier(d, 1.1));
            Evaluation flagged = first.datasetDrift() ? first : second;
            assertThat(flagged.datasetDrift()).as("trial %d", trial).isTrue();
            assertThat(drifted(flagged)).as("trial %d", trial).containsEntry("carat", true);
        }
    }

    @Test
    void aDifferentCutMixIsFlaggedWithinTwoWindows() {
        // training is about 40% Ideal, 26% Premium, 22% Very Good, 9% Good, 3% Fair
        Map<String, Double> mix = Map.of("Ideal", 0.20, "Premium", 0.25, "Very Good", 0.25, "Good", 0.20, "Fair", 0.10);
        Map<String, List<Diamond>> byCut = traffic.heldOut().stream().map(r -> r.diamond())
                .collect(Collectors.groupingBy(Diamond::cut));
        for (int trial = 0; trial < 20; trial++) {
            Random random = new Random(200 + trial);
            Function<Diamond, Diamond> remix = d -> {
                double u = random.nextDouble();
                String cut = "Fair";
                double acc = 0;
                for (String c : List.of("Ideal", "Premium", "Very Good", "Good", "Fair")) {
                    acc += mix.get(c);
                    if (u < acc) {
                        cut = c;
                        break;
                    }
                }
                List<Diamond> pool = byCut.get(cut);
                return pool.get(random.nextInt(pool.size()));
            };
            Evaluation first = window(random, remix);
            Evaluation second = window(random, remix);
            boolean flagged = drifted(first).get("cut") || drifted(second).get("cut");
            assertThat(flagged).as("trial %d: cut drift", trial).isTrue();
            assertThat(first.datasetDrift() || second.datasetDrift()).isTrue();
        }
    }

    @Test
    void aGradualShiftIsFlaggedBeforeItDoublesTheStepWeDetect() {
        // carat grows by 1% per window (x, y, z with it); the 10% step above is caught within two windows, so
        // the ramp must be caught before it reaches 20% (window 18 ends at 1.19)
        for (int trial = 0; trial < 10; trial++) {
            Random random = new Random(300 + trial);
            int firstFlag = -1;
            for (int w = 0; w < 19 && firstFlag < 0; w++) {
                double start = 1 + 0.01 * w;
                int[] i = {0};
                Evaluation e = window(random, d -> TestTraffic.heavier(d, start + 0.01 * (i[0]++) / WINDOW));
                if (e.datasetDrift()) {
                    firstFlag = w;
                }
            }
            assertThat(firstFlag).as("trial %d: first flagged window", trial).isBetween(0, 18);
            System.out.printf("gradual trial %d: first dataset drift in window %d (carat x%.2f at its end)%n",
                    trial, firstFlag, 1 + 0.01 * (firstFlag + 1));
        }
    }

    @Test
    void everyTestCarriesTheDistributionItComparedAndHeavierStonesMoveCaratsMass() {
        Evaluation clean = window(new Random(41), d -> d);
        Evaluation heavy = window(new Random(41), d -> TestTraffic.heavier(d, 1.3));
        for (FeatureResult r : clean.features()) {
            Distribution d = r.distribution();
            assertThat(d).as(r.feature()).isNotNull();
            assertThat(d.type()).as(r.feature())
                    .isEqualTo(r.test().equals("ks") ? Distribution.HISTOGRAM : Distribution.CATEGORIES);
        }
        assertThat(clean.features().stream().filter(r -> r.kind().equals("prediction")).findFirst().orElseThrow()
                .distribution().type()).isEqualTo(Distribution.HISTOGRAM);
        Distribution cut = feature(clean, "cut").distribution();
        assertThat(cut.categories()).isEqualTo(traffic.reference().schema().features().stream()
                .filter(f -> f.name().equals("cut")).findFirst().orElseThrow().categories());
        Distribution same = feature(clean, "carat").distribution();
        Distribution moved = feature(heavy, "carat").distribution();
        // stones 30% heavier: the mean of the window's histogram moves up by about 30%, the clean one's stays
        assertThat(mean(moved, moved.current()) / mean(moved, moved.reference())).isGreaterThan(1.2);
        assertThat(mean(same, same.current()) / mean(same, same.reference())).isBetween(0.9, 1.1);
    }

    private static FeatureResult feature(Evaluation e, String name) {
        return e.features().stream().filter(r -> r.feature().equals(name)).findFirst().orElseThrow();
    }

    /** The mean of the bin midpoints weighted by the shares. */
    private static double mean(Distribution d, double[] shares) {
        double m = 0;
        for (int i = 0; i < shares.length; i++) {
            m += shares[i] * (d.edges()[i] + d.edges()[i + 1]) / 2;
        }
        return m;
    }

    @Test
    void noVerdictBelowTheMinimumWindow() {
        Random random = new Random(5);
        CountWindow small = new CountWindow(150, traffic.reference());
        WindowSample sample = null;
        for (int i = 0; i < 150; i++) {
            sample = small.add(TestTraffic.read(columns, row, traffic.event(TestTraffic.heavier(traffic.draw(random), 2.0), random, Instant.now())), 0, i)
                    .orElse(null);
        }
        Evaluation e = engine.evaluate(sample, Instant.now());
        assertThat(e.verdict()).isFalse();
        assertThat(e.datasetDrift()).isFalse();
        assertThat(e.reason()).contains("150").contains("200");
    }

    @Test
    void aTinyShiftOnAHugeWindowIsSignificantButNotDrifted() {
        // 20,000 events with carat 1% heavier: KS notices, the effect-size gate keeps it from being "drift"
        Random random = new Random(9);
        CountWindow big = new CountWindow(20_000, traffic.reference());
        WindowSample sample = null;
        for (int i = 0; i < 20_000; i++) {
            sample = big.add(TestTraffic.read(columns, row, traffic.event(TestTraffic.heavier(traffic.draw(random), 1.01), random, Instant.now())), 0, i)
                    .orElse(null);
        }
        FeatureResult carat = engine.evaluate(sample, Instant.now()).features().stream()
                .filter(r -> r.feature().equals("carat")).findFirst().orElseThrow();
        assertThat(carat.magnitude()).isLessThan(carat.magnitudeThreshold());
        assertThat(carat.drifted()).isFalse();
    }

    @Test
    void aWorkerHoldingHalfThePartitionsJudgesTheSameWindowAtHalfTheAlpha() {
        // slightly heavier stones give p-values near alpha: find a window with a test whose corrected p lies in
        // (alpha/2, alpha], significant for a worker holding 6 of 6 partitions and not for one holding 3 of 6
        Random random = new Random(31);
        for (int w = 0; w < 400; w++) {
            WindowSample sample = sample(random, d -> TestTraffic.heavier(d, 1.03));
            Evaluation whole = engine.evaluate(sample, Instant.EPOCH, new InstanceShare(6, 6));
            Evaluation half = engine.evaluate(sample, Instant.EPOCH, new InstanceShare(3, 6));
            assertThat(whole.alpha()).isEqualTo(0.01);
            assertThat(half.alpha()).isEqualTo(0.005);
            for (int i = 0; i < whole.features().size(); i++) {
                FeatureResult a = whole.features().get(i);
                FeatureResult b = half.features().get(i);
                assertThat(b.adjustedPValue()).isEqualTo(a.adjustedPValue());
                assertThat(b.alpha()).isEqualTo(0.005);
                assertThat(b.significant()).isEqualTo(b.adjustedPValue() <= 0.005);
                if (a.adjustedPValue() > 0.005 && a.adjustedPValue() <= 0.01) {
                    assertThat(a.significant()).isTrue();
                    assertThat(b.significant()).isFalse();
                    assertThat(b.drifted()).isFalse();
                    System.out.printf("window %d, %s: corrected p %.4f, significant at 6 of 6 only%n", w,
                            a.feature(), a.adjustedPValue());
                    return;
                }
            }
        }
        throw new AssertionError("no window had a corrected p-value between alpha/2 and alpha");
    }

    private Evaluation window(Random random, Function<Diamond, Diamond> change) {
        return engine.evaluate(sample(random, change), Instant.parse("2025-01-01T00:00:00Z"));
    }

    private WindowSample sample(Random random, Function<Diamond, Diamond> change) {
        CountWindow count = new CountWindow(WINDOW, traffic.reference());
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < WINDOW - 1; i++) {
            assertThat(count.add(TestTraffic.read(columns, row, traffic.event(change.apply(traffic.draw(random)), random, now)), 0, i)).isEmpty();
        }
        return count.add(TestTraffic.read(columns, row, traffic.event(change.apply(traffic.draw(random)), random, now)), 0, WINDOW)
                .orElseThrow();
    }

    private static Map<String, Boolean> drifted(Evaluation e) {
        return e.features().stream().collect(Collectors.toMap(FeatureResult::feature, FeatureResult::drifted));
    }
}
