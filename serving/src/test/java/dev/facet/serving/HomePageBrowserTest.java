package dev.facet.serving;

import dev.facet.kafka.SharedTestBroker;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page in a real browser: headless Debian Chromium driven by playwright-core from
 * {@code src/test/browser/home-page.test.mjs} ({@code node --test}) against the real app with a real broker, and
 * stand-in drift-worker and ground-truth endpoints serving their documented JSON. Writes
 * {@code target/home.png}.
 *
 * <p>Needs {@code node} (18+) on the PATH and Chromium at {@code /usr/bin/chromium} (or {@code $CHROMIUM});
 * {@code npm ci} runs when {@code node_modules} is missing. Without them this test FAILS, unless
 * {@code FACET_SKIP_BROWSER_TEST=1}.
 */
class HomePageBrowserTest {

    private static final Path DIR = Path.of("src", "test", "browser");
    private static ServingApp app;
    private static Vertx vertx;
    private static HttpServer peers;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("FACET_SKIP_BROWSER_TEST")),
                "FACET_SKIP_BROWSER_TEST=1: browser test skipped");
        vertx = Vertx.vertx();
        peers = vertx.createHttpServer().requestHandler(req -> {
            JsonObject body = switch (req.path()) {
                case "/drift" -> drift();
                case "/quality" -> quality();
                default -> null;
            };
            req.response().setStatusCode(body == null ? 404 : 200).putHeader("Content-Type", "application/json")
                    .end(body == null ? "{}" : body.encode());
        }).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
        String peerUrl = "http://127.0.0.1:" + peers.actualPort();
        var broker = SharedTestBroker.get();
        String topic = "predictions-browser-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        // two models, one per task, so the page's picker and schema-built forms have something to show
        Path root = Files.createTempDirectory("facet-browser-models-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        app = TestApps.start(new JsonObject().put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic).put("links.drift.url", peerUrl).put("links.quality.url", peerUrl));
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app);
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHomePageWorksInHeadlessChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(new File(chromium)).as("Chromium (apt-get install -y chromium), or set FACET_SKIP_BROWSER_TEST=1")
                .canRead();
        assertThat(run(List.of("node", "--version"), Map.of(), 30).exit())
                .as("node on the PATH (Node 18+), or set FACET_SKIP_BROWSER_TEST=1").isZero();
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("playwright-core"))) {
            Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"),
                    Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 300);
            assertThat(ci.exit()).as("npm ci in %s:%n%s", DIR, ci.output()).isZero();
        }
        Path screenshot = Path.of("target", "home.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Result r = run(List.of("node", "--test", "--test-reporter=spec", "home-page.test.mjs"), Map.of(
                "BASE_URL", "http://127.0.0.1:" + app.httpPort(), "SCREENSHOT", screenshot.toString(),
                "CHROMIUM", chromium, "EXPECT_STATUS", "DRIFT|ERROR RISING"), 180);
        System.out.println(r.output());
        assertThat(r.exit()).as("node --test home-page.test.mjs:%n%s", r.output()).isZero();
        assertThat(screenshot).isNotEmptyFile();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("facet-browser-", ".log");
        ProcessBuilder pb;
        try {
            pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return new Result(-1, String.join(" ", command) + " could not run: " + e.getMessage());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The drift-worker's GET /drift shape (drift-worker/README.md), with dataset drift in the count window. */
    private static JsonObject drift() {
        JsonObject latest = new JsonObject().put("evaluated_at", "2026-11-23T20:00:00Z").put("size", 500)
                .put("verdict", true).put("dataset_drift", true)
                .put("drifted_features", new JsonArray().add("carat").add("x").add("prediction"))
                .put("drifted_share", 0.3).put("dataset_share_threshold", 0.1);
        return new JsonObject().put("model", new JsonObject().put("name", SmallModel.NAME).put("version", SmallModel.VERSION))
                .put("windows", new JsonObject()
                        .put("count", new JsonObject().put("open", new JsonObject().put("events", 120).put("capacity", 500))
                                .put("latest", latest))
                        .put("time", new JsonObject().put("open", new JsonObject().put("events", 800).put("capacity", 20000))
                                .putNull("latest")));
    }

    /** Ground-truth's GET /quality shape, with the rolling error above its baseline. */
    private static JsonObject quality() {
        JsonObject window = new JsonObject().put("pairs", 500).put("mae", 612.4).put("rmse", 1103.9).put("mape", 0.19)
                .put("bias", 240.0).put("mae_ratio", 2.1).put("rmse_ratio", 1.9).put("size", 500);
        return new JsonObject().put("baseline", new JsonObject().put("mae", 291.7).put("rmse", 581.0))
                .put("windows", new JsonObject().put("count", window))
                .put("concept_drift", new JsonObject().put("detected", true));
    }
}
