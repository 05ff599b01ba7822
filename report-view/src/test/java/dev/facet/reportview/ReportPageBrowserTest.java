package dev.facet.reportview;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report page in a real browser: {@link ReportPage} writes the page of each fixture document to a file, and
 * {@code src/test/browser/report-page.test.mjs} ({@code node --test}, playwright-core, headless Debian Chromium)
 * opens it with every network request aborted and checks what it draws against the document it carries: a section
 * and a distribution chart per feature, the drifted ones flagged, the quality chart and confusion matrix, the
 * history timeline, the exports. Writes {@code target/report-<model>.png}.
 *
 * <p>Needs {@code node} (18+) on the PATH and Chromium at {@code /usr/bin/chromium} (or {@code $CHROMIUM});
 * {@code npm ci} runs when {@code node_modules} is missing. Without them this test FAILS, unless
 * {@code FACET_SKIP_BROWSER_TEST=1}.
 */
class ReportPageBrowserTest {

    private static final Path DIR = Path.of("src", "test", "browser");
    private static String chromium;

    @BeforeAll
    static void browser() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("FACET_SKIP_BROWSER_TEST")),
                "FACET_SKIP_BROWSER_TEST=1: browser test skipped");
        chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(new File(chromium)).as("Chromium (apt-get install -y chromium), or set FACET_SKIP_BROWSER_TEST=1")
                .canRead();
        assertThat(run(List.of("node", "--version"), Map.of(), 30).exit())
                .as("node on the PATH (Node 18+), or set FACET_SKIP_BROWSER_TEST=1").isZero();
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("playwright-core"))) {
            Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"),
                    Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 300);
            assertThat(ci.exit()).as("npm ci in %s:%n%s", DIR, ci.output()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "report-diamonds.json, report-diamond-price-rf",
        "report-penguins.json, report-penguins",
        // no evaluation, no quality, no history, and markup in the model's and a feature's names
        "report-empty.json,    report-empty",
    })
    void theReportPageDrawsItsDocumentOffline(String fixture, String name) throws Exception {
        Path html = Path.of("target", "report-pages", name + ".html").toAbsolutePath();
        Files.createDirectories(html.getParent());
        Files.writeString(html, ReportPage.html(fixture(fixture)), StandardCharsets.UTF_8);
        Path screenshot = Path.of("target", name + ".png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Result r = run(List.of("node", "--test", "--test-reporter=spec", "report-page.test.mjs"), Map.of(
                "REPORT", html.toString(), "SCREENSHOT", screenshot.toString(), "CHROMIUM", chromium), 180);
        System.out.println(r.output());
        assertThat(r.exit()).as("node --test report-page.test.mjs on %s:%n%s", html, r.output()).isZero();
        assertThat(r.output()).contains("fail 0").doesNotContain("pass 0");
        assertThat(screenshot).isNotEmptyFile();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ReportPageBrowserTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("facet-report-browser-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + " could not run: " + e.getMessage());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
