package dev.facet.serving;

import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.forest.CompiledForest;
import dev.facet.forest.ModelBundle;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A repository without the diamonds model (the penguin classifier alone) starts, and its metrics are the model's:
 * every prediction meter labelled {@code model}, predicted labels counted, its own features' windows and categories,
 * and errors naming its own fields; a request for no served model is counted as {@code model="none"}.
 */
class PerModelMetricsTest {

    private static final String M = SmallPenguins.NAME;
    private static ServingApp app;
    private static Vertx vertx;
    private static WebClient client;
    private static ModelSchema schema;
    private static CompiledForest forest;
    private static final List<JsonObject> ROWS = List.of(
            row("Biscoe", 46.1, 13.2, 211.0, 4500.0, "FEMALE"), row("Torgersen", 39.1, 18.7, 181.0, 3750.0, "MALE"),
            row("Dream", 49.5, 19.0, 200.0, 3800.0, "MALE"), row("Biscoe", 50.0, 15.2, 218.0, 5700.0, null),
            row("Torgersen", 36.7, 19.3, 193.0, 3450.0, "FEMALE"));

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("facet-penguins-only-");
        SmallPenguins.copyInto(root);
        app = TestApps.start(new JsonObject().put("model.dir", root.toString()).put("kafka.enabled", false));
        vertx = Vertx.vertx();
        client = TestApps.client(vertx, app);
        BundleMetadata meta = BundleMetadata.load(SmallPenguins.dir());
        schema = meta.schema();
        forest = ModelBundle.loadForest(meta).forest();
        // two through the original routes (the default is the penguins), three as one batch of the model's route
        assertThat(post("/predict", ROWS.get(0).encode())).isEqualTo(200);
        assertThat(post("/models/" + M + "/predict", ROWS.get(1).encode())).isEqualTo(200);
        assertThat(post("/models/" + M + "/predict/batch", new JsonArray(List.copyOf(ROWS.subList(2, 5))).encode()))
                .isEqualTo(200);
        assertThat(post("/models/" + M + "/predict", row("Biscoe", -5.0, 13.2, 211.0, 4500.0, "MALE").encode()))
                .isEqualTo(400);
        assertThat(post("/models/nobody/predict", ROWS.get(0).encode())).isEqualTo(404);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app, vertx);
    }

    private static JsonObject row(String island, double length, double depth, double flipper, double mass, String sex) {
        return new JsonObject().put("island", island).put("culmen_length_mm", length).put("culmen_depth_mm", depth)
                .put("flipper_length_mm", flipper).put("body_mass_g", mass).put("sex", sex);
    }

    private static double[] vector(JsonObject row) {
        double[] x = new double[schema.features().size()];
        for (int i = 0; i < x.length; i++) {
            Feature f = schema.features().get(i);
            Object v = row.getValue(f.name());
            x[i] = v == null ? Double.NaN : f.isNumeric() ? ((Number) v).doubleValue() : f.ordinalOf((String) v);
        }
        return x;
    }

    @Test
    void requestsAndRowsCarryTheModel() throws Exception {
        String m = TestApps.scrape(client);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", M, "endpoint", "predict", "outcome", "success")))
                .isEqualTo(2);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", M, "endpoint", "predict", "outcome", "client_error")))
                .isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_requests_total", Map.of("model", "none", "endpoint", "predict", "outcome", "client_error")))
                .isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_rows_total", Map.of("model", M, "endpoint", "batch"))).isEqualTo(3);
        assertThat(Scrape.of(m, "prediction_latency_seconds_count", Map.of("model", M, "endpoint", "predict"))).isEqualTo(3);
        assertThat(Scrape.of(m, "model_info", Map.of("model_name", M, "model_version", SmallPenguins.VERSION))).isEqualTo(1);
    }

    @Test
    void aClassifierCountsItsPredictedLabelsAndHasNoValueHistogram() throws Exception {
        String m = TestApps.scrape(client);
        List<String> labels = ((Task.Classification) schema.task()).labels();
        int[] expected = new int[labels.size()];
        for (JsonObject r : ROWS) {
            expected[forest.label(forest.predictProba(vector(r)))]++;
        }
        for (int k = 0; k < labels.size(); k++) {
            assertThat(Scrape.of(m, "prediction_labels_total", Map.of("model", M, "label", labels.get(k))))
                    .as(labels.get(k)).isEqualTo(expected[k]);
        }
        assertThat(m).doesNotContain("prediction_value_count{").doesNotContain("prediction_price_usd");
    }

    @Test
    void theModelsOwnFeaturesAreWatchedAndMissingValuesLeftOut() throws Exception {
        String m = TestApps.scrape(client);
        double[] mass = ROWS.stream().mapToDouble(r -> r.getDouble("body_mass_g")).toArray();
        assertThat(Scrape.of(m, "prediction_feature_recent_mean", Map.of("model", M, "feature", "body_mass_g")))
                .isCloseTo(Arrays.stream(mass).average().orElseThrow(), within(1e-9));
        assertThat(Scrape.of(m, "prediction_feature_value_count", Map.of("model", M, "feature", "culmen_length_mm")))
                .isEqualTo(ROWS.size());
        assertThat(Scrape.of(m, "prediction_feature_category_total", Map.of("model", M, "feature", "island", "category", "Biscoe")))
                .isEqualTo(2);
        // one row had no sex: it counts under no category
        double sexes = schema.feature("sex").orElseThrow().categories().stream()
                .mapToDouble(c -> Scrape.of(m, "prediction_feature_category_total", Map.of("model", M, "feature", "sex", "category", c)))
                .sum();
        assertThat(sexes).isEqualTo(ROWS.size() - 1);
        assertThat(m).doesNotContain("feature=\"carat\"");
    }

    @Test
    void errorsNameTheModelsOwnFields() throws Exception {
        String m = TestApps.scrape(client);
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", M, "kind", "validation", "field", "culmen_length_mm")))
                .isEqualTo(1);
        assertThat(Scrape.of(m, "prediction_errors_total", Map.of("model", "none", "kind", "not_found"))).isEqualTo(1);
    }

    /** promtool's own lint, when Prometheus is installed on the machine. */
    @Test
    void promtoolFindsNothingToComplainAbout() throws Exception {
        Path promtool = Arrays.stream(System.getenv("PATH").split(":")).map(p -> Path.of(p, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(promtool).as("promtool on PATH").isNotNull();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(TestApps.scrape(client).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
    }

    private static int post(String path, String body) throws Exception {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .await(30, TimeUnit.SECONDS).statusCode();
    }
}
