package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drift-worker's live report page of a model, opened in headless Chromium by report-view's browser checks
 * ({@code report-view/src/test/browser/report-page.test.mjs}) with every other request aborted: charts drawn from
 * the data, the drifted features flagged, the quality chart, the history timeline, and the exported file opened
 * again offline. Those checks read every expectation from the document the page carries; what they cannot know
 * (which feature the traffic moved) the caller asserts on {@link #awaitDocument}. Needs node (18+) and Chromium, as
 * the other browser tests.
 */
final class ReportPages {

    private static final Path BROWSER = Repo.path("report-view/src/test/browser");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private ReportPages() {
    }

    /** Chromium at {@code $CHROMIUM} or /usr/bin/chromium, and report-view's browser checks installed. */
    static String prepare() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(new File(chromium)).as("Chromium (apt-get install -y chromium), or set FACET_SKIP_BROWSER_TEST=1")
                .canRead();
        if (!Files.isDirectory(BROWSER.resolve("node_modules").resolve("playwright-core"))) {
            Tools.Result ci = Tools.run(BROWSER, List.of("npm", "ci", "--no-audit", "--no-fund"),
                    Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 300);
            assertThat(ci.exit()).as("npm ci in %s:%n%s", BROWSER, ci.output()).isZero();
        }
        return chromium;
    }

    /** The browser checks against the live page; a screenshot in {@code target/report-live-<model>.png}. */
    static void browse(Stack stack, String model, String chromium) throws Exception {
        String url = stack.driftUrl() + "/report?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        Path screenshot = Path.of("target", "report-live-" + model + ".png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Tools.Result r = Tools.run(BROWSER, List.of("node", "--test", "--test-reporter=spec", "report-page.test.mjs"),
                Map.of("REPORT", url, "SCREENSHOT", screenshot.toString(), "CHROMIUM", chromium), 180);
        assertThat(r.exit()).as("report-page.test.mjs on %s:%n%s", url, r.output()).isZero();
        assertThat(r.output()).contains("fail 0").doesNotContain("pass 0");
        assertThat(screenshot).isNotEmptyFile();
    }

    /** The model's report document once its history holds a drift window and a quality window. */
    static JsonNode awaitDocument(Stack stack, String model) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            doc[0] = stack.getJson(stack.driftUrl() + "/report.json?model=" + model);
            assertThat(doc[0].at("/history/drift").size()).as("drift history of %s", model).isPositive();
            assertThat(doc[0].at("/history/quality").size()).as("quality history of %s", model).isPositive();
        });
        return doc[0];
    }

    static JsonNode segment(JsonNode doc, String name) {
        for (JsonNode s : doc.path("segments")) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        throw new AssertionError("no segment " + name + " in " + doc.path("segments"));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The mean of the bin centres weighted by a histogram series' shares. */
    static double meanOf(JsonNode hist, String series) {
        JsonNode edges = hist.path("edges");
        JsonNode shares = hist.path(series);
        double mean = 0;
        for (int i = 0; i < shares.size(); i++) {
            mean += shares.get(i).asDouble() * (edges.get(i).asDouble() + edges.get(i + 1).asDouble()) / 2;
        }
        return mean;
    }
}
