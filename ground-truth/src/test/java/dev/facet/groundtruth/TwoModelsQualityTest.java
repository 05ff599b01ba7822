package dev.facet.groundtruth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.stats.ClassificationMetrics;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Both models of one repository root (the small diamonds regressor and the small penguins classifier) on a real
 * broker: predictions of both event versions, actuals of both kinds through the HTTP API, and each model's figures
 * compared with a direct computation over its pairs (the contracts' {@link RegressionMetrics} and
 * {@link ClassificationMetrics}, the same code that wrote the held-out baselines).
 */
class TwoModelsQualityTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int N = 200;
    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;
    private static GroundTruthApp app;
    private static String predictions;
    private static ModelSchema penguinSchema;
    private static List<String> labels;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        broker = SharedTestBroker.get();
        Path root = Files.createTempDirectory("gt-two-models-");
        Path diamonds = root.resolve(SmallModel.NAME);
        Files.createDirectories(diamonds);
        SmallModel.writeVersion(diamonds, SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        penguinSchema = BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ).schema();
        labels = ((dev.facet.contracts.schema.Task.Classification) penguinSchema.task()).labels();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        predictions = "predictions-" + suffix;
        String groundTruth = "ground-truth-" + suffix;
        broker.createTopic(predictions, 6);
        broker.createTopic(groundTruth, 6);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        JsonObject c = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of());
        c.put("http.port", 0).put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", predictions).put("kafka.topic.ground-truth", groundTruth)
                .put("kafka.group.id", "gt-" + suffix).put("join.grace.seconds", 600);
        app = GroundTruthApp.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private record Regression(String id, double predicted, double actual) {
    }

    private record Classification(String id, ModelPredictionEvent event, String actual) {
    }

    private Regression diamond(LabelledDiamond row) throws Exception {
        String id = UUID.randomUUID().toString();
        double predicted = SmallModel.forest().predict(row.diamond());
        PredictionEvent e = PredictionEvent.of(id, Instant.now(), SmallModel.NAME, SmallModel.VERSION, row.diamond(),
                predicted);
        producer.send(new ProducerRecord<>(predictions, id, EventCodec.encode(e))).get(30, TimeUnit.SECONDS);
        return new Regression(id, predicted, row.price());
    }

    /** A penguin prediction (version 2 event): a seeded label and probabilities, and an actual right 80% of the time. */
    private static Classification penguin(Random random, int i) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Feature f : penguinSchema.features()) {
            features.put(f.name(), f.isNumeric() ? (Object) (40.0 + i % 7) : f.categories().get(i % f.categories().size()));
        }
        double[] raw = {random.nextDouble() + 0.05, random.nextDouble() + 0.05, random.nextDouble() + 0.05};
        double sum = raw[0] + raw[1] + raw[2];
        Map<String, Double> probabilities = new LinkedHashMap<>();
        int top = 0;
        for (int c = 0; c < 3; c++) {
            probabilities.put(labels.get(c), raw[c] / sum);
            top = raw[c] > raw[top] ? c : top;
        }
        String actual = random.nextDouble() < 0.8 ? labels.get(top) : labels.get((top + 1 + random.nextInt(2)) % 3);
        String id = UUID.randomUUID().toString();
        return new Classification(id, new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION, id, Instant.now(),
                SmallPenguins.NAME, SmallPenguins.VERSION, ModelPredictionEvent.CLASSIFICATION, features, null,
                labels.get(top), probabilities), actual);
    }

    private void publish(ModelPredictionEvent e) throws Exception {
        producer.send(new ProducerRecord<>(predictions, e.predictionId(), EventCodec.encode(e))).get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        return Json.MAPPER.readTree(get(path).body());
    }

    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no series " + series + " in /metrics");
    }

    @Test
    void bothModelsJoinAndEachModelsFiguresEqualADirectComputation() throws Exception {
        JsonNode before = json("/quality");
        assertThat(before.get("models").has(SmallModel.NAME)).as(before.toString()).isTrue();
        assertThat(before.at("/models/penguins/model/task").asText()).isEqualTo("classification");

        List<Regression> diamonds = new ArrayList<>();
        for (LabelledDiamond row : SmallModel.heldOutRows(N)) {
            diamonds.add(diamond(row));
        }
        Random random = new Random(21);
        List<Classification> penguins = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Classification c = penguin(random, i);
            publish(c.event());
            penguins.add(c);
        }
        await().atMost(WAIT).until(() -> json("/quality").at("/join/pending_predictions").asInt() == 2 * N);

        // validated against the model that made the prediction, which the joiner holds
        String penguin0 = penguins.get(0).id();
        HttpResponse<String> unknownLabel = post("/feedback",
                "{\"prediction_id\":\"" + penguin0 + "\",\"actual\":\"Emperor\"}");
        assertThat(unknownLabel.statusCode()).as(unknownLabel.body()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(unknownLabel.body());
        assertThat(error.at("/details/0/field").asText()).isEqualTo("actual");
        assertThat(error.at("/details/0/problem").asText()).contains("Emperor").contains(labels.get(0));
        assertThat(post("/feedback", "{\"prediction_id\":\"" + penguin0 + "\",\"actual\":3.5}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> labelForDiamond = post("/feedback/batch", "[{\"prediction_id\":\"" + diamonds.get(0).id()
                + "\",\"actual\":\"Adelie\"}]");
        assertThat(labelForDiamond.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(labelForDiamond.body()).at("/details/0/field").asText()).isEqualTo("[0].actual");

        JsonArray batch = new JsonArray();
        for (int i = 0; i < N; i++) {
            Regression d = diamonds.get(i);
            // the first through the old field name, which stays the regression's alias
            batch.add(new JsonObject().put("prediction_id", d.id()).put(i == 0 ? "actual_price" : "actual", d.actual()));
            batch.add(new JsonObject().put("prediction_id", penguins.get(i).id()).put("actual", penguins.get(i).actual()));
        }
        HttpResponse<String> accepted = post("/feedback/batch", batch.encode());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> json("/quality").at("/counters/join_matched").asLong() == 2 * N);
        // the counter moves per pair, the windows' snapshot once per joiner batch: wait for the snapshot too
        await().atMost(WAIT).until(() -> json("/quality?model=" + SmallModel.NAME).at("/windows/count/pairs").asLong() == N
                && json("/quality?model=" + SmallPenguins.NAME).at("/windows/count/pairs").asLong() == N);

        JsonNode d = json("/quality?model=" + SmallModel.NAME);
        RegressionMetrics direct = RegressionMetrics.of(diamonds.stream().mapToDouble(Regression::predicted).toArray(),
                diamonds.stream().mapToDouble(Regression::actual).toArray());
        assertThat(d.at("/windows/count/pairs").asLong()).isEqualTo(N);
        assertThat(d.at("/windows/count/mae").asDouble()).isCloseTo(direct.mae(), within(1e-9 * direct.mae()));
        assertThat(d.at("/windows/count/rmse").asDouble()).isCloseTo(direct.rmse(), within(1e-9 * direct.rmse()));
        assertThat(d.at("/windows/count/bias").asDouble()).isCloseTo(direct.bias(), within(1e-6));
        assertThat(d.at("/feedback/coverage").asDouble()).isEqualTo(1.0);

        JsonNode p = json("/quality?model=" + SmallPenguins.NAME);
        int[] actual = new int[N];
        int[] predicted = new int[N];
        double[][] probabilities = new double[N][3];
        double brier = 0;
        for (int i = 0; i < N; i++) {
            Classification c = penguins.get(i);
            actual[i] = labels.indexOf(c.actual());
            predicted[i] = labels.indexOf(c.event().label());
            for (int k = 0; k < 3; k++) {
                probabilities[i][k] = c.event().probabilities().get(labels.get(k));
                double y = k == actual[i] ? 1 : 0;
                brier += (probabilities[i][k] - y) * (probabilities[i][k] - y);
            }
        }
        ClassificationMetrics oracle = ClassificationMetrics.of(labels, actual, predicted, probabilities);
        JsonNode w = p.at("/windows/count");
        assertThat(w.get("pairs").asLong()).isEqualTo(N);
        assertThat(w.get("accuracy").asDouble()).isCloseTo(oracle.accuracy(), within(1e-12));
        assertThat(w.get("macro_f1").asDouble()).isCloseTo(oracle.macroF1(), within(1e-12));
        assertThat(w.get("log_loss").asDouble()).isCloseTo(oracle.logLoss(), within(1e-9));
        assertThat(w.get("brier").asDouble()).isCloseTo(brier / N, within(1e-9));
        for (int k = 0; k < 3; k++) {
            String label = labels.get(k);
            assertThat(w.at("/per_class/" + label + "/precision").asDouble())
                    .isCloseTo(oracle.perClass().get(label).precision(), within(1e-12));
            assertThat(w.at("/per_class/" + label + "/recall").asDouble())
                    .isCloseTo(oracle.perClass().get(label).recall(), within(1e-12));
            for (int j = 0; j < 3; j++) {
                assertThat(w.at("/confusion/" + k + "/" + j).asLong()).isEqualTo(oracle.confusionRows().get(k).get(j));
            }
        }
        assertThat(p.at("/baseline/accuracy").asDouble()).isBetween(0.5, 1.0);

        // the additive state in /metrics gives the same figures: what the recording rules divide
        String scrape = get("/metrics").body();
        String dm = "{application=\"ground-truth\",model=\"diamond-price-rf\",window=\"count\"}";
        assertThat(metric(scrape, "quality_window_abs_error" + dm) / metric(scrape, "quality_window_pairs" + dm))
                .isCloseTo(direct.mae(), within(1e-6 * direct.mae()));
        String pm = "{application=\"ground-truth\",model=\"penguins\",window=\"count\"}";
        assertThat(metric(scrape, "quality_window_correct" + pm) / metric(scrape, "quality_window_pairs" + pm))
                .isCloseTo(oracle.accuracy(), within(1e-12));
        assertThat(metric(scrape, "quality_window_confusion{actual=\"" + labels.get(0)
                + "\",application=\"ground-truth\",model=\"penguins\",predicted=\"" + labels.get(0)
                + "\",window=\"count\"}")).isEqualTo((double) oracle.confusionRows().get(0).get(0));
        assertThat(metric(scrape, "join_matched_total{application=\"ground-truth\",model=\"penguins\"}")).isEqualTo((double) N);
        // both models' meters, classifier's included, pass Prometheus' own lint
        Path file = Files.createTempFile("gt-two-models-metrics", ".txt");
        Files.writeString(file, scrape);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String lint = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lint).as("promtool check metrics").isEmpty();

        // the pairs for retraining: flat rows, features and the target named as the schema's
        JsonNode pairs = json("/models/penguins/pairs");
        assertThat(pairs.size()).isEqualTo(N);
        String target = penguinSchema.task().target();
        assertThat(pairs.get(0).has(target)).isTrue();
        assertThat(pairs.get(0).has(penguinSchema.features().get(0).name())).isTrue();
        List<String> targets = new ArrayList<>();
        pairs.forEach(r -> targets.add(r.get(target).asText()));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(penguins.stream().map(Classification::actual).toList());
        assertThat(json("/models/diamond-price-rf/pairs?to=2000-01-01T00:00:00Z").size()).isZero();
        assertThat(get("/models/diamond-price-rf/pairs?from=yesterday").statusCode()).isEqualTo(400);
        HttpResponse<String> none = get("/models/nope/pairs");
        assertThat(none.statusCode()).isEqualTo(404);
        HttpResponse<String> noModel = get("/quality?model=nope");
        assertThat(noModel.statusCode()).isEqualTo(404);
        assertThat(noModel.body()).contains("diamond-price-rf").contains("penguins");
    }

    @Test
    void anUnknownLabelFoundAtJoinTimeIsCountedAndDroppedAndAnUnknownModelIsCountedAndSkipped() throws Exception {
        Classification late = penguin(new Random(5), 0);
        // the prediction has not arrived: the actual is held, as any other
        assertThat(post("/feedback", "{\"prediction_id\":\"" + late.id() + "\",\"actual\":\"Emperor\"}").statusCode())
                .isEqualTo(202);
        long matched = json("/quality").at("/counters/join_matched").asLong();
        await().atMost(WAIT).until(() -> json("/quality").at("/join/pending_feedback").asInt() >= 1);
        publish(late.event());
        ModelPredictionEvent stranger = new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), Instant.now(), "nope", "1", ModelPredictionEvent.REGRESSION,
                Map.of("x", 1.0), 3.0, null, null);
        publish(stranger);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode q = json("/quality?model=penguins");
            assertThat(q.at("/feedback/rejected_invalid_actual").asLong()).isEqualTo(1);
            assertThat(q.at("/counters/predictions_unknown_model").asLong()).isEqualTo(1);
        });
        assertThat(json("/quality").at("/counters/join_matched").asLong()).isEqualTo(matched);
        assertThat(get("/metrics").body())
                .contains("feedback_rejected_total{application=\"ground-truth\",model=\"penguins\",reason=\"invalid_actual\"} 1.0")
                .contains("join_predictions_skipped_total{application=\"ground-truth\",reason=\"unknown_model\"} 1.0");
    }
}
