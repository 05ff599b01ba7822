package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole monitoring path for real ({@link Stack}: broker, the three services, Prometheus with the repository's
 * rules, Alertmanager with its routing, a webhook), driven through HTTP in ordered phases that each build on the
 * last:
 * <ol>
 *   <li>clean held-out rows with their real prices, an explanation, invalid requests: the drift panels show no
 *       drift;</li>
 *   <li>drifted rows (carat x1.2, x, y, z x cube root of 1.2): the KS panel shows carat above the drift-worker's
 *       critical value, the dataset-drift flag is 1, and {@code DatasetDriftDetected} reaches the webhook firing;</li>
 *   <li>clean rows again: it reaches the webhook resolved;</li>
 *   <li>actual prices inflated by 30%: the error-ratio panel is above the concept-drift threshold and
 *       {@code ConceptDriftDetected} reaches the webhook firing;</li>
 *   <li>penguins with every fourth actual label swapped: the accuracy, confusion-matrix and class-mix panels show
 *       what the pairs posted make them;</li>
 *   <li>a full count window of penguins with {@code sex} missing in 3 of every 10: the missing-values panel shows
 *       that share, {@code MissingValueSurge} fires, and the prediction-drift panel has the penguins' label mix;</li>
 *   <li>every PromQL expression of every dashboard panel and every recording rule returns data, and promtool
 *       finds nothing to say about any service's /metrics;</li>
 *   <li>drifted diamonds again: both models' report pages show what moved, drawn in a real browser.</li>
 * </ol>
 * One stack for all phases, because starting it is most of the test's time. The panels are read by running the
 * dashboard file's own expressions. Alerts use the repository's rules and routing with only the waits shortened
 * ({@link ShortAlerting}); the latencies measured go to {@code target/alert-path.txt}.
 *
 * <p>With {@code -Dfacet.stack.hold=SECONDS} the stack stays up that long after the assertions (for
 * docs/screenshots.sh), and its URLs are written to {@code target/stack-urls.properties}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackQueriesTest {

    private static final int CLEAN = 600;
    private static final int DRIFTED = 1000;
    private static final int INVALID = 40;
    private static final int PENGUINS = 40;
    /** ground-truth's quality.window.count default: one quality evaluation per this many new pairs. */
    private static final int QUALITY_COUNT_WINDOW = 500;
    /** The drift-worker's carat shift (x1.2) and the inflation of actual prices (x1.3). */
    private static final double CARAT_FACTOR = 1.2;
    private static final double PRICE_FACTOR = 1.3;
    /** Generous: on an idle machine each alert reaches the webhook in seconds (numbers in target/alert-path.txt). */
    private static final Duration ALERT_WAIT = Duration.ofSeconds(90);
    private static final Duration PANEL_WAIT = Duration.ofSeconds(30);
    /** The dashboards whose panels the phases read: drift (drift-worker) and model quality (ground-truth). */
    private static final Set<String> DASHBOARDS = Set.of("facet-drift", "facet-model-quality");

    private final Random random = new Random(42);
    private final Map<String, String> measured = new LinkedHashMap<>();
    /** Penguins posted to serving so far, to know how full the drift-worker's count window of them is. */
    private int penguinsSent;
    private Stack stack;

    @BeforeAll
    void startTheStackAndDriveCleanTraffic(@TempDir Path tmp) throws Exception {
        stack = Stack.start(tmp);
        stack.feedback(stack.predict(stack.sample(random, CLEAN), 1.0), 1.0);
        assertThat(stack.post(stack.servingUrl() + "/explain", Stack.body(stack.heldOut.get(0).diamond(), 1.0)).join()
                .statusCode()).isEqualTo(200);
        List<String> invalid = List.of("{\"carat\":\"abc\"}", "{not json", "[]",
                Stack.body(stack.heldOut.get(1).diamond(), 1.0).replace("\"cut\":", "\"cutt\":"));
        for (int i = 0; i < INVALID; i++) {
            assertThat(stack.post(stack.servingUrl() + "/predict", invalid.get(i % invalid.size())).join().statusCode())
                    .isEqualTo(400);
        }
        assertThat(stack.post(stack.groundTruthUrl() + "/feedback/batch",
                "[{\"prediction_id\":\"nope\",\"actual_price\":-1}]").join().statusCode()).isEqualTo(400);
    }

    @Test
    @Order(1)
    void driftedTrafficShowsOnTheDriftPanelsAndFiresDatasetDriftDetected() throws Exception {
        // before: the clean window is on the panels as no drift, so what follows is the drift's doing
        awaitPanels("the clean count window on the drift panels", () ->
                shown(SmallModel.NAME, "drift_dataset_detected", "window", "count") == 0
                        && shown(SmallModel.NAME, "drift_ks_statistic", "feature", "carat") <= ksThreshold("carat"));
        assertThat(stack.webhook.first("DatasetDriftDetected", "firing")).isEmpty();

        Instant start = Instant.now();
        stack.predict(stack.sample(random, DRIFTED), CARAT_FACTOR);
        Instant firing = awaitNotification("DatasetDriftDetected", "firing");
        measured.put("drifted traffic start -> DatasetDriftDetected firing at the webhook", since(start, firing));

        // no traffic since, so the latest count window is still a drifted one
        awaitPanels("the drifted count window on the drift panels", () ->
                shown(SmallModel.NAME, "drift_dataset_detected", "window", "count") == 1
                        && shown(SmallModel.NAME, "drift_ks_statistic", "feature", "carat") > ksThreshold("carat"));
    }

    @Test
    @Order(2)
    void cleanTrafficAfterTheDriftResolvesDatasetDriftDetected() throws Exception {
        assertThat(stack.webhook.first("DatasetDriftDetected", "resolved")).isEmpty();
        // two windows' worth: the open window may still hold drifted events, the next is wholly clean
        int window = driftWorkerSettings().getInteger("window.count");
        Instant start = Instant.now();
        stack.feedback(stack.predict(stack.sample(random, 2 * window), 1.0), 1.0);
        Instant resolved = awaitNotification("DatasetDriftDetected", "resolved");
        measured.put("clean traffic start -> DatasetDriftDetected resolved at the webhook", since(start, resolved));
        awaitPanels("a clean count window on the dataset-drift panel",
                () -> shown(SmallModel.NAME, "drift_dataset_detected", "window", "count") == 0);
    }

    @Test
    @Order(3)
    void inflatedActualPricesShowOnTheErrorPanelAndFireConceptDriftDetected() throws Exception {
        // before: real prices, so the error ratio is under the threshold and nothing has fired
        awaitPanels("the error ratio of real prices", () ->
                shown(SmallModel.NAME, "job_model_window:quality_mae_ratio:global", "window", "count")
                        < shown(SmallModel.NAME, "concept_drift_mae_ratio_threshold", "job", "ground-truth"));
        assertThat(stack.webhook.first("ConceptDriftDetected", "firing")).isEmpty();

        List<Stack.Answered> answered = stack.predict(stack.sample(random, CLEAN), 1.0);
        Instant start = Instant.now();
        stack.feedback(answered, PRICE_FACTOR);
        Instant firing = awaitNotification("ConceptDriftDetected", "firing");
        measured.put("inflated actuals start -> ConceptDriftDetected firing at the webhook", since(start, firing));

        awaitPanels("the error ratio of inflated prices", () ->
                shown(SmallModel.NAME, "job_model_window:quality_mae_ratio:global", "window", "count")
                        > shown(SmallModel.NAME, "concept_drift_mae_ratio_threshold", "job", "ground-truth"));
    }

    @Test
    @Order(4)
    void noisyPenguinLabelsShowOnTheAccuracyPanelAndInTheConfusionMatrix() throws Exception {
        List<Stack.Penguin> answered = stack.predictPenguins(PENGUINS);
        penguinsSent += answered.size();
        List<Stack.Penguin> noisy = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            Stack.Penguin p = answered.get(i);
            // every fourth actual is the other species: label noise in the actuals
            noisy.add(i % 4 != 0 ? p : new Stack.Penguin(p.predictionId(), p.label(),
                    p.species().equals("Gentoo") ? "Adelie" : "Gentoo"));
        }
        stack.feedbackPenguins(noisy);
        long right = noisy.stream().filter(p -> p.label().equals(p.species())).count();
        double accuracy = (double) right / noisy.size();
        await().atMost(PANEL_WAIT).until(() -> stack.getJson(stack.groundTruthUrl() + "/quality?model=penguins")
                .at("/windows/count/pairs").asLong() == noisy.size());
        assertThat(stack.getJson(stack.groundTruthUrl() + "/quality?model=penguins").at("/windows/count/accuracy")
                .asDouble()).isEqualTo(accuracy);
        awaitPanels("the accuracy of the noisy penguin labels", () ->
                Math.abs(shown(SmallPenguins.NAME, "job_model_window:quality_accuracy:global", "window", "count") - accuracy) < 1e-9);
        // macro-F1 from the summed confusion cells (the recording rule) is ground-truth's own window figure
        double macroF1 = stack.getJson(stack.groundTruthUrl() + "/quality?model=penguins").at("/windows/count/macro_f1")
                .asDouble();
        assertThat(macroF1).as("label noise lowers macro-F1").isBetween(0.1, 0.99);
        awaitPanels("the macro-F1 of the noisy penguin labels", () ->
                Math.abs(shown(SmallPenguins.NAME, "job_model_window:quality_macro_f1:global", "window", "count") - macroF1) < 1e-9);
        for (String actual : List.of("Adelie", "Gentoo")) {
            for (String predicted : List.of("Adelie", "Gentoo")) {
                long cell = noisy.stream().filter(p -> p.species().equals(actual) && p.label().equals(predicted))
                        .count();
                awaitPanels("confusion cell " + actual + " -> " + predicted + " = " + cell, () ->
                        confusionCell(actual, predicted) == cell);
            }
        }
        measured.put("penguins with every fourth actual label swapped: accuracy shown", String.valueOf(accuracy));

        // the class-mix panel: each class's share of the pairs' predicted labels and of their actual labels
        Map<String, Map<String, Double>> expected = Map.of(
                "predicted", shares(noisy.stream().map(Stack.Penguin::label).toList()),
                "actual", shares(noisy.stream().map(Stack.Penguin::species).toList()));
        awaitPanels("the class mix of the noisy penguin pairs " + expected, () -> expected.equals(classMix()));
        measured.put("penguins class mix shown", expected.toString());
    }

    /** Each distinct value's share of {@code values}, computed as the panel does: count / pairs. */
    private static Map<String, Double> shares(List<String> values) {
        Map<String, Double> out = new TreeMap<>();
        for (String v : new HashSet<>(values)) {
            out.put(v, (double) values.stream().filter(v::equals).count() / values.size());
        }
        return out;
    }

    /**
     * The class-mix panel of the penguins' count window as its two queries return it: "predicted" and "actual",
     * each class to its share; classes at share 0 (the model's third species) left out, so the result can equal
     * the shares of the records. Empty maps while Prometheus has no penguins series yet.
     */
    private Map<String, Map<String, Double>> classMix() throws Exception {
        Map<String, Map<String, Double>> out = Map.of("predicted", new TreeMap<>(), "actual", new TreeMap<>());
        List<Dashboards.Query> panel = Dashboards.queries().stream()
                .filter(q -> q.dashboard().equals("facet-model-quality")
                        && q.panel().equals("Predicted and actual class mix (classifiers)")).toList();
        assertThat(panel).as("the class-mix panel's two queries").hasSize(2);
        for (Dashboards.Query q : panel) {
            for (JsonNode series : stack.prometheus.query(q.expr()).path("result")) {
                JsonNode m = series.path("metric");
                double v = Double.parseDouble(series.path("value").path(1).asText());
                if (!m.path("model").asText().equals(SmallPenguins.NAME) || v == 0) {
                    continue;
                }
                for (String side : out.keySet()) {
                    if (m.has(side)) {
                        out.get(side).put(m.path(side).asText(), v);
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Order(5)
    void aKnownShareOfMissingSexShowsOnTheMissingValuesPanelAndThePenguinsLabelMixIsJudged() throws Exception {
        String missingSurge = "ALERTS{alertname=\"MissingValueSurge\", model=\"" + SmallPenguins.NAME
                + "\", feature=\"sex\"}";
        assertThat(stack.prometheus.query(missingSurge).path("result")).as("before any penguin without sex").isEmpty();
        // the open count window holds what the penguins phase sent; top it up with complete rows so it closes, and
        // the next window is wholly this phase's
        awaitPenguinsCountWindow("the penguins phase's events in the open count window",
                w -> w.at("/open/events").asInt() == penguinsSent % w.at("/open/capacity").asInt());
        JsonNode before = penguinsCountWindow();
        int capacity = before.at("/open/capacity").asInt();
        int open = before.at("/open/events").asInt();
        if (open > 0) {
            String none = before.at("/latest/evaluated_at").asText();
            penguinsSent += stack.predictPenguins(capacity - open).size();
            awaitPenguinsCountWindow("the topped-up count window closed", w ->
                    !w.at("/latest/evaluated_at").asText().equals(none) && w.at("/open/events").asInt() == 0);
        }
        String previous = penguinsCountWindow().at("/latest/evaluated_at").asText();

        // one full count window in which 3 of every 10 requests leave sex out (JSON null: the schema allows it)
        IntPredicate sexMissing = i -> i % 10 < 3;
        long missing = IntStream.range(0, capacity).filter(sexMissing).count();
        double share = (double) missing / capacity;
        penguinsSent += stack.predictPenguins(capacity, sexMissing).size();
        awaitPenguinsCountWindow("the count window of penguins without sex closed", w ->
                !w.at("/latest/evaluated_at").asText().equals(previous) && w.at("/open/events").asInt() == 0
                        && w.at("/latest/size").asInt() == capacity);

        awaitPanels("sex missing in " + missing + " of the penguins' " + capacity + " count-window events", () ->
                shown(SmallPenguins.NAME, "drift_missing_share", "feature", "sex") == share);
        measured.put("penguins' count window of " + capacity + " with sex null in " + missing
                + ": missing share shown", String.valueOf(share));

        // the prediction-drift panel judges the classifier's predicted-label mix (feature "prediction")
        awaitPanels("a penguins predicted-label series on the prediction-drift panel", () -> {
            List<String> found = predictionDriftSeries();
            if (found.isEmpty()) {
                return false;
            }
            measured.put("prediction-drift panel, penguins series", found.toString());
            return true;
        });

        // the share is well above the training rows' missing share plus MissingValueSurge's margin of 0.1
        awaitPanels("MissingValueSurge firing for penguins' sex", () ->
                stack.prometheus.query(missingSurge.replace("}", ", alertstate=\"firing\"}")).path("result").size() == 1);
    }

    /**
     * The prediction-drift panel's series of the penguins' predicted label, each as "metric value"; empty while
     * there are none, and values that are not finite count as none.
     */
    private List<String> predictionDriftSeries() throws Exception {
        List<String> found = new ArrayList<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            if (!q.dashboard().equals("facet-drift") || !q.panel().equals("Prediction drift")) {
                continue;
            }
            for (JsonNode series : stack.prometheus.query(q.expr()).path("result")) {
                JsonNode m = series.path("metric");
                double v = Double.parseDouble(series.path("value").path(1).asText());
                if (m.path("model").asText().equals(SmallPenguins.NAME) && m.path("feature").asText().equals("prediction")
                        && Double.isFinite(v)) {
                    found.add(m.path("__name__").asText() + " " + v);
                }
            }
        }
        return found;
    }

    private JsonNode penguinsCountWindow() throws Exception {
        return stack.getJson(stack.driftUrl() + "/drift?model=" + SmallPenguins.NAME).at("/windows/count");
    }

    private void awaitPenguinsCountWindow(String what, Predicate<JsonNode> condition) throws Exception {
        try {
            await().atMost(PANEL_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> condition.test(penguinsCountWindow()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the drift-worker's penguins count window did not show " + what + " within "
                    + PANEL_WAIT.toSeconds() + " s: " + penguinsCountWindow() + "\n" + stack.logs(), e);
        }
    }

    /** The confusion-matrix panel's cell of the penguins' count window, as the panel's query returns it; NaN if none. */
    private double confusionCell(String actual, String predicted) throws Exception {
        for (Dashboards.Query q : Dashboards.queries()) {
            if (!q.dashboard().equals("facet-model-quality") || !q.expr().startsWith("job_model_window_actual_predicted:")) {
                continue;
            }
            for (JsonNode series : stack.prometheus.query(q.expr()).path("result")) {
                JsonNode m = series.path("metric");
                if (m.path("model").asText().equals("penguins") && m.path("actual").asText().equals(actual)
                        && m.path("predicted").asText().equals(predicted)) {
                    return Double.parseDouble(series.path("value").path(1).asText());
                }
            }
        }
        return Double.NaN;
    }

    /**
     * The value the drift and model-quality dashboards show for {@code metric} of {@code model}: the panel
     * expressions that read it, run on the real Prometheus as the dashboard files have them, and the one series of
     * that model carrying {@code label=value}. NaN while Prometheus has nothing yet, so comparisons are false and the
     * await goes on.
     */
    private double shown(String model, String metric, String label, String value) throws Exception {
        List<Double> values = new ArrayList<>();
        List<String> exprs = Dashboards.queries().stream()
                .filter(q -> DASHBOARDS.contains(q.dashboard()) && q.expr().contains(metric))
                .map(Dashboards.Query::expr).toList();
        assertThat(exprs).as("%s's panels reading %s", DASHBOARDS, metric).isNotEmpty();
        for (String expr : exprs) {
            for (JsonNode series : stack.prometheus.query(expr).path("result")) {
                JsonNode m = series.path("metric");
                if (m.path("model").asText().equals(model) && m.path(label).asText().equals(value)) {
                    values.add(Double.parseDouble(series.path("value").path(1).asText()));
                }
            }
        }
        assertThat(values).as("series of %s with model=%s, %s=%s", metric, model, label, value).hasSizeLessThanOrEqualTo(1);
        return values.isEmpty() ? Double.NaN : values.get(0);
    }

    /**
     * The KS statistic above which the drift-worker calls a feature's count window significant: the smallest D whose
     * Bonferroni-adjusted asymptotic p-value (the worker's own test, see its KolmogorovSmirnov) is at most alpha,
     * for the window size and reference sample size its {@code GET /drift} reports, with the policy in force there.
     */
    private double ksThreshold(String feature) throws Exception {
        JsonNode report = stack.getJson(stack.driftUrl() + "/drift?model=" + SmallModel.NAME);
        JsonNode policy = report.path("policy");
        assertThat(policy.path("correction").asText()).as("the threshold below is for Bonferroni").isEqualTo("bonferroni");
        JsonNode latest = report.path("windows").path("count").path("latest");
        assertThat(latest.path("verdict").asBoolean()).as("a count window with a verdict: %s", latest).isTrue();
        int tests = latest.path("features").size();
        int n = latest.path("size").asInt();
        int m = latest.path("features").path(feature).path("reference").path("sample_size").asInt();
        double alpha = policy.path("alpha").asDouble();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double significant = 1;
        double not = 0;
        // bisection: the adjusted p-value falls as D grows
        for (int i = 0; i < 40; i++) {
            double d = (significant + not) / 2;
            if (Math.min(1, tests * ks.approximateP(d, n, m)) <= alpha) {
                significant = d;
            } else {
                not = d;
            }
        }
        measured.putIfAbsent("KS critical value (count window, n=" + n + ", reference " + m + ", alpha " + alpha
                + " over " + tests + " tests)", String.format("%.4f", significant));
        return significant;
    }

    private static JsonObject driftWorkerSettings() {
        return Settings.load("drift-worker", "/drift-worker-defaults.json", Map.of());
    }

    private void awaitPanels(String what, Callable<Boolean> condition) {
        try {
            await().atMost(PANEL_WAIT).pollInterval(Duration.ofMillis(500)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the panels did not show " + what + " within " + PANEL_WAIT.toSeconds() + " s:\n"
                    + panelValues() + stack.logs(), e);
        }
    }

    private String panelValues() {
        StringBuilder sb = new StringBuilder();
        try {
            for (String metric : List.of("drift_ks_statistic", "drift_dataset_detected",
                    "job_model_window:quality_mae_ratio:global", "concept_drift_mae_ratio_threshold",
                    "drift_missing_share{feature=\"sex\"}", "ALERTS")) {
                sb.append("  ").append(metric).append(": ").append(stack.prometheus.query(metric).path("result")).append('\n');
            }
        } catch (Exception e) {
            sb.append("  (query failed: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    private Instant awaitNotification(String alertname, String status) {
        try {
            return await().atMost(ALERT_WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> stack.webhook.first(alertname, status), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + status + " " + alertname + " at the webhook within " + ALERT_WAIT.toSeconds()
                    + " s:\n" + panelValues() + stack.logs(), e);
        }
    }

    private static String since(Instant start, Instant end) {
        return String.format("%.1f s", Duration.between(start, end).toMillis() / 1000.0);
    }

    @Test
    @Order(6)
    void everyDashboardQueryAndEveryRecordingRuleReturnsDataFromTheRealStack() throws Exception {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            expressions.put(q.expr(), q.dashboard() + " #" + q.panelId() + " " + q.panel());
        }
        Set<String> records = new HashSet<>(Rules.recordNames());
        records.forEach(r -> expressions.putIfAbsent(r, "recording rule"));
        assertThat(expressions).hasSizeGreaterThan(30);

        Map<String, String> failures = new TreeMap<>();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                trickle();
                failures.clear();
                for (Map.Entry<String, String> e : expressions.entrySet()) {
                    String problem = problem(e.getKey());
                    if (problem != null) {
                        failures.put(e.getValue() + ": " + e.getKey(), problem);
                    }
                }
                return failures.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder sb = new StringBuilder("queries without data after 120 s:\n");
            failures.forEach((k, v) -> sb.append("  ").append(k).append(" -> ").append(v).append('\n'));
            sb.append(stack.logs());
            throw new AssertionError(sb.toString(), e);
        }
        report(expressions);
        hold();
    }

    /**
     * A little traffic on every poll, so counters keep moving between scrapes. Without it a burst that lands
     * before Prometheus' first scrape of a lazily created series leaves rate() at zero, and every ratio and
     * histogram_quantile over it at NaN (seen on a slow CI run).
     */
    private void trickle() throws Exception {
        List<LabelledDiamond> rows = stack.heldOut.subList(0, 5);
        stack.feedback(stack.predict(rows, 1.0), 1.0);
        stack.feedbackPenguins(stack.predictPenguins(4));
        assertThat(stack.post(stack.servingUrl() + "/predict", "{not json").join().statusCode()).isEqualTo(400);
    }

    /** Null when the query returns at least one finite sample; else what is wrong. */
    private String problem(String promql) {
        try {
            JsonNode data = stack.prometheus.query(promql);
            JsonNode result = data.path("result");
            if (!result.isArray() || result.isEmpty()) {
                return "empty result";
            }
            for (JsonNode series : result) {
                String v = series.path("value").path(1).asText();
                if (!v.equals("NaN") && !v.contains("Inf")) {
                    return null;
                }
            }
            return "only NaN/Inf samples (" + result.size() + " series)";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Writes what each query returned, for the README and the report (target/stack-queries.txt). */
    private void report(Map<String, String> expressions) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            JsonNode result = stack.prometheus.query(e.getKey()).path("result");
            sb.append(e.getValue()).append(" | ").append(e.getKey()).append(" | ").append(result.size())
                    .append(" series, e.g. ").append(result.get(0).path("metric")).append(' ')
                    .append(result.get(0).path("value").path(1).asText()).append('\n');
        }
        Files.writeString(Path.of("target", "stack-queries.txt"), sb.toString());
    }

    @Test
    @Order(7)
    void promtoolFindsNothingToSayAboutAnyServicesMetrics() throws Exception {
        Map<String, String> urls = Map.of("serving", stack.servingUrl(), "drift-worker", stack.driftUrl(),
                "ground-truth", stack.groundTruthUrl());
        for (Map.Entry<String, String> e : urls.entrySet()) {
            HttpResponse<String> r = stack.get(e.getValue() + "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("application=\"" + e.getKey() + "\"");
            Tools.Result check = Tools.run(Path.of("."), List.of(Tools.PROMTOOL.toString(), "check", "metrics"), r.body());
            assertThat(check.output()).as("promtool check metrics on %s /metrics", e.getKey()).isEmpty();
            assertThat(check.exit()).isZero();
        }
    }

    /**
     * Last, since it drifts diamonds again: both models' live report pages in headless Chromium ({@link ReportPages}).
     * The document must name carat drifted with its current histogram right of the reference, keep carat's drifted
     * windows (phase 1's and this one) in the history with quality windows of both models, and the page must
     * draw all of it offline. {@code FACET_SKIP_BROWSER_TEST=1} skips the browser part, not the document's.
     */
    @Test
    @Order(8)
    void theReportPagesShowWhatMovedForBothModels() throws Exception {
        stack.predict(stack.sample(random, DRIFTED), CARAT_FACTOR);
        // a full quality count window of penguins (ground-truth publishes one per 500 new pairs)
        stack.feedbackPenguins(stack.predictPenguins(QUALITY_COUNT_WINDOW));
        await().atMost(PANEL_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> stack.getJson(stack.driftUrl()
                + "/drift?model=" + SmallModel.NAME).at("/windows/count/latest/features/carat/drifted").asBoolean());

        JsonNode diamonds = ReportPages.awaitDocument(stack, SmallModel.NAME);
        assertThat(diamonds.at("/model/task").asText()).isEqualTo("regression");
        JsonNode count = ReportPages.segment(diamonds, "count").path("evaluation");
        assertThat(count.path("dataset_drift").asBoolean()).isTrue();
        JsonNode carat = count.at("/features/carat");
        assertThat(carat.path("drifted").asBoolean()).isTrue();
        JsonNode hist = carat.path("distribution");
        assertThat(hist.path("type").asText()).isEqualTo("histogram");
        assertThat(ReportPages.meanOf(hist, "current")).as("x%s carats move the current histogram right", CARAT_FACTOR)
                .isGreaterThan(ReportPages.meanOf(hist, "reference"));
        assertThat(diamonds.at("/history/features/carat").size()).as("phase 1's and this drift").isGreaterThanOrEqualTo(2);
        assertThat(ReportPages.segment(diamonds, "count").path("quality").path("windows").isObject()).isTrue();

        JsonNode penguins = ReportPages.awaitDocument(stack, SmallPenguins.NAME);
        assertThat(penguins.at("/model/task").asText()).isEqualTo("classification");
        assertThat(ReportPages.texts(penguins.at("/model/labels"))).contains("Adelie", "Gentoo");
        JsonNode island = ReportPages.segment(penguins, "count").at("/evaluation/features/island/distribution");
        assertThat(island.path("type").asText()).isEqualTo("categories");
        assertThat(ReportPages.texts(island.path("categories"))).contains("Biscoe", "Torgersen");

        if ("1".equals(System.getenv("FACET_SKIP_BROWSER_TEST"))) {
            return;
        }
        String chromium = ReportPages.prepare();
        ReportPages.browse(stack, SmallModel.NAME, chromium);
        ReportPages.browse(stack, SmallPenguins.NAME, chromium);
    }

    private void hold() throws Exception {
        long seconds = Long.getLong("facet.stack.hold", 0);
        if (seconds <= 0) {
            return;
        }
        Files.writeString(Path.of("target", "stack-urls.properties"), String.join("\n",
                "prometheus=" + stack.prometheus.baseUrl(),
                "serving=" + stack.servingUrl(),
                "drift=" + stack.driftUrl(),
                "groundtruth=" + stack.groundTruthUrl(), ""));
        // holding the stack up for docs/screenshots.sh, on purpose; not a synchronisation
        Thread.sleep(seconds * 1000);
    }

    @AfterAll
    void stop() throws Exception {
        StringBuilder sb = new StringBuilder("# written by StackQueriesTest: the alert path's latencies on this run\n");
        measured.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (stack != null) {
            sb.append("webhook received:\n").append(stack.webhook.describe());
            stack.close();
        }
        Files.writeString(Path.of("target", "alert-path.txt"), sb.toString());
        System.out.print(sb);
    }
}
