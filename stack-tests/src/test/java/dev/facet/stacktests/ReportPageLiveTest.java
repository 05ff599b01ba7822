package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report page of both models, live: the whole stack ({@link Stack}) gets clean and then drifted traffic with
 * ground truth for the diamonds regressor (carat x1.3) and the penguins classifier (two penguins over and over, far
 * from the training mix), and the drift-worker's {@code GET /report?model=NAME} is opened in headless Chromium by
 * report-view's browser checks ({@code report-view/src/test/browser/report-page.test.mjs}) with every other request
 * aborted: charts drawn from the data, the drifted features flagged, the quality chart, the history timeline, and the
 * exported file opened again offline. This class checks what the checks cannot know: that the document names the
 * features the traffic moved ({@code carat} for diamonds), has quality history from ground-truth's evaluations and a
 * drift timeline for both. Screenshots in {@code target/report-live-<model>.png}.
 *
 * <p>Needs node (18+) and Chromium, as the other browser tests; {@code FACET_SKIP_BROWSER_TEST=1} skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageLiveTest {

    private static final Path BROWSER = Repo.path("report-view/src/test/browser");
    private static final int CLEAN = 600;
    private static final int DRIFTED = 600;
    private static final double CARAT_FACTOR = 1.3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Random random = new Random(7);
    private Stack stack;
    private String chromium;

    @BeforeAll
    void startTheStackAndDriveCleanThenDriftedTraffic(@TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("FACET_SKIP_BROWSER_TEST")),
                "FACET_SKIP_BROWSER_TEST=1: browser test skipped");
        chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(new File(chromium)).as("Chromium (apt-get install -y chromium), or set FACET_SKIP_BROWSER_TEST=1")
                .canRead();
        if (!Files.isDirectory(BROWSER.resolve("node_modules").resolve("playwright-core"))) {
            Tools.Result ci = node(List.of("npm", "ci", "--no-audit", "--no-fund"),
                    Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 300);
            assertThat(ci.exit()).as("npm ci in %s:%n%s", BROWSER, ci.output()).isZero();
        }
        stack = Stack.start(tmp);
        // a clean count window, then a drifted one, each with its actual prices: quality history for both
        stack.feedback(stack.predict(stack.sample(random, CLEAN), 1.0), 1.0);
        awaitCountWindow(SmallModel.NAME, latest -> latest.path("verdict").asBoolean()
                && !latest.path("dataset_drift").asBoolean());
        stack.feedback(stack.predict(stack.sample(random, DRIFTED), CARAT_FACTOR), 1.0);
        awaitCountWindow(SmallModel.NAME, latest -> latest.at("/features/carat/drifted").asBoolean());
        stack.feedbackPenguins(stack.predictPenguins(CLEAN));
        awaitCountWindow(SmallPenguins.NAME, latest -> latest.path("verdict").asBoolean());
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDiamondsReportShowsCaratMovedAndDrawsItOffline() throws Exception {
        JsonNode doc = awaitDocument(SmallModel.NAME);
        assertThat(doc.at("/model/task").asText()).isEqualTo("regression");
        JsonNode count = segment(doc, "count").path("evaluation");
        assertThat(count.path("dataset_drift").asBoolean()).isTrue();
        JsonNode carat = count.path("features").path("carat");
        assertThat(carat.path("drifted").asBoolean()).isTrue();
        JsonNode hist = carat.path("distribution");
        assertThat(hist.path("type").asText()).isEqualTo("histogram");
        assertThat(meanOf(hist, "current")).as("x1.3 carats move the current histogram right of the reference")
                .isGreaterThan(meanOf(hist, "reference"));
        assertThat(doc.at("/history/features/carat").size()).as("carat's drifted windows in the history").isPositive();
        assertThat(segment(doc, "count").path("quality").path("windows").isObject())
                .as("the latest quality window from ground-truth's evaluations: %s", doc.path("segments")).isTrue();
        browse(SmallModel.NAME);
    }

    @Test
    void thePenguinsReportShowsTheClassifiersPartsAndDrawsThemOffline() throws Exception {
        JsonNode doc = awaitDocument(SmallPenguins.NAME);
        assertThat(doc.at("/model/task").asText()).isEqualTo("classification");
        assertThat(names(doc.at("/model/labels"))).contains("Adelie", "Gentoo");
        JsonNode count = segment(doc, "count").path("evaluation");
        assertThat(count.path("verdict").asBoolean()).isTrue();
        assertThat(count.path("dataset_drift").asBoolean()).as("two penguins over and over are not the training mix")
                .isTrue();
        JsonNode island = count.path("features").path("island").path("distribution");
        assertThat(island.path("type").asText()).isEqualTo("categories");
        assertThat(names(island.path("categories"))).contains("Biscoe", "Torgersen");
        assertThat(doc.at("/history/quality").size()).isPositive();
        browse(SmallPenguins.NAME);
    }

    /** The browser checks against the live page; they read every expectation from the document the page carries. */
    private void browse(String model) throws Exception {
        String url = stack.driftUrl() + "/report?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        Path screenshot = Path.of("target", "report-live-" + model + ".png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Tools.Result r = node(List.of("node", "--test", "--test-reporter=spec", "report-page.test.mjs"),
                Map.of("REPORT", url, "SCREENSHOT", screenshot.toString(), "CHROMIUM", chromium), 180);
        assertThat(r.exit()).as("report-page.test.mjs on %s:%n%s", url, r.output()).isZero();
        assertThat(r.output()).contains("fail 0").doesNotContain("pass 0");
        assertThat(screenshot).isNotEmptyFile();
    }

    /** The document once the history holds a drift window and a quality window of the model. */
    private JsonNode awaitDocument(String model) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            doc[0] = stack.getJson(stack.driftUrl() + "/report.json?model=" + model);
            assertThat(doc[0].at("/history/drift").size()).as("drift history of %s", model).isPositive();
            assertThat(doc[0].at("/history/quality").size()).as("quality history of %s", model).isPositive();
        });
        return doc[0];
    }

    private void awaitCountWindow(String model, Predicate<JsonNode> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> r = stack.get(stack.driftUrl() + "/drift?model=" + model);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode latest = stack.getJson(stack.driftUrl() + "/drift?model=" + model).at("/windows/count/latest");
            String shown = latest.toString();
            assertThat(condition.test(latest)).as("%s count window: %s", model,
                    shown.length() > 600 ? shown.substring(0, 600) + "..." : shown).isTrue();
        });
    }

    private static JsonNode segment(JsonNode doc, String name) {
        for (JsonNode s : doc.path("segments")) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        throw new AssertionError("no segment " + name + " in " + doc.path("segments"));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The mean of the bin centres weighted by a series' shares. */
    private static double meanOf(JsonNode hist, String series) {
        JsonNode edges = hist.path("edges");
        JsonNode shares = hist.path(series);
        double mean = 0;
        for (int i = 0; i < shares.size(); i++) {
            mean += shares.get(i).asDouble() * (edges.get(i).asDouble() + edges.get(i + 1).asDouble()) / 2;
        }
        return mean;
    }

    private static Tools.Result node(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        return Tools.run(BROWSER, command, env, timeoutSeconds);
    }
}
