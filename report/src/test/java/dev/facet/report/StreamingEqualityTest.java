package dev.facet.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.bundle.BundleMetadata;
import dev.facet.contracts.data.BundledData;
import dev.facet.contracts.data.Table;
import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Feature;
import dev.facet.contracts.schema.ModelSchema;
import dev.facet.contracts.schema.Task;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.forest.CompiledForest;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.http.DriftReport;
import dev.facet.drift.stats.DataDriftPolicy;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.FeatureResult;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The test: the batch report over a period equals the streaming evaluations of that period. A real
 * drift-worker judges penguin predictions (clean, then one species only) on the real broker and publishes every
 * window to the evaluations topic; the batch command then rebuilds each recorded count window from its offsets and
 * judges it again. Every window must come out identical: size, bounds, every test's statistic, p-value, adjusted
 * p-value, magnitude, verdict, the data-quality shares (compared as the JSON text both write, so bit for bit).
 */
class StreamingEqualityTest {

    private static final int WINDOW = 100;
    private static final int CLEAN = 400;
    private static final int DRIFTED = 400;
    private final KafkaBroker broker = SharedTestBroker.get();
    private DriftWorkerApp app;

    @TempDir
    Path models;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyRecordedCountWindowRebuiltFromItsOffsetsHasTheStreamingStatistics() throws Exception {
        SmallPenguins.copyInto(models);
        String topic = "predictions-" + UUID.randomUUID();
        String evaluations = "evaluations-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        broker.createTopic(evaluations, 1);
        String feedback = "ground-truth-" + UUID.randomUUID();
        broker.createTopic(feedback, 3);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", models.toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", topic)
                .put("kafka.topic.evaluations", evaluations)
                .put("kafka.group.id", "drift-worker-" + UUID.randomUUID())
                .put("dlq.enabled", false)
                .put("window.count", WINDOW)
                .put("drift.min.window", 50)
                .put("window.time.evaluate.seconds", 1);
        DataDriftPolicy policy = DriftWorkerConfig.from(config).policy();
        app = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Instant from = Instant.now().minusSeconds(60);
        Penguins penguins = new Penguins();
        Random random = new Random(22);
        int correct = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < CLEAN + DRIFTED; i++) {
                int row = i < CLEAN ? penguins.any(random) : penguins.gentoo(random);
                ModelPredictionEvent e = penguins.event(row, random, Instant.now());
                producer.send(new ProducerRecord<>(topic, e.predictionId(), EventCodec.encode(e)));
                // the actual: the row's species, as ground-truth's POST /feedback would publish it
                producer.send(new ProducerRecord<>(feedback, e.predictionId(), EventCodec.encode(FeedbackEvent.ofLabel(
                        e.predictionId(), penguins.species(row), Instant.now(), Instant.now()))));
                correct += e.label().equals(penguins.species(row)) ? 1 : 0;
            }
        }
        List<EvaluationEvent> streamed = awaitCountWindows(evaluations, (CLEAN + DRIFTED) / WINDOW);
        Instant to = Instant.now().plusSeconds(60);

        List<Segment> batch;
        TopicEvaluation.Result whole;
        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), Duration.ofSeconds(10))) {
            batch = new TopicEvaluation(reader, new ModelRepository(models), policy, qualitySettings())
                    .recordedWindows(topic, evaluations, SmallPenguins.NAME, from, to, Progress.silent()).segments();
            whole = new TopicEvaluation(reader, new ModelRepository(models), policy, qualitySettings())
                    .periods(topic, feedback, SmallPenguins.NAME, null, from, to, null, Progress.silent());
        }

        assertThat(batch).hasSameSizeAs(streamed);
        for (int i = 0; i < batch.size(); i++) {
            EvaluationEvent recorded = streamed.get(i);
            Evaluation rebuilt = batch.get(i).evaluation();
            assertThat(batch.get(i).recorded().evaluatedAt()).isEqualTo(recorded.evaluatedAt());
            assertThat(rebuilt.size()).isEqualTo(WINDOW);
            JsonNode expected = text(recorded.result());
            assertThat(rebuilt.verdict()).isTrue();
            assertThat(rebuilt.datasetDrift() ? "drift" : "no_drift").isEqualTo(recorded.verdict());
            for (FeatureResult f : rebuilt.features()) {
                JsonNode r = expected.at("/features/" + f.feature());
                assertThat(f.statistic()).as("window %d %s statistic", i, f.feature())
                        .isEqualTo(r.get("statistic").asDouble());
                assertThat(f.pValue()).as("window %d %s p", i, f.feature()).isEqualTo(r.get("p_value").asDouble());
                assertThat(f.adjustedPValue()).as("window %d %s adjusted p", i, f.feature())
                        .isEqualTo(r.get("adjusted_p_value").asDouble());
                assertThat(f.drifted()).as("window %d %s", i, f.feature()).isEqualTo(r.get("drifted").asBoolean());
            }
            assertThat(text(DriftReport.evaluation(rebuilt))).as("window %d, as /drift shows it", i).isEqualTo(expected);
        }
        // not vacuous: both verdicts occur (the consumer interleaves the partitions, so which windows hold the
        // one-species traffic is the stream's business; the batch agreed on each whichever it was)
        assertThat(streamed).extracting(EvaluationEvent::verdict).contains("drift", "no_drift");

        // and the period as one segment holds every event once
        assertThat(whole.segments()).hasSize(1);
        assertThat(whole.segments().get(0).evaluation().size()).isEqualTo(CLEAN + DRIFTED);
        assertThat(whole.segments().get(0).evaluation().datasetDrift()).isTrue();
        // and its quality, by ground-truth's own classes: every prediction joined to its actual
        JsonNode quality = Json.MAPPER.valueToTree(whole.segments().get(0).quality());
        assertThat(quality.at("/model/task").asText()).isEqualTo("classification");
        assertThat(quality.at("/feedback/predictions_seen").asLong()).isEqualTo(CLEAN + DRIFTED);
        assertThat(quality.at("/feedback/joined").asLong()).isEqualTo(CLEAN + DRIFTED);
        assertThat(quality.at("/windows/count/pairs").asLong()).isEqualTo(CLEAN + DRIFTED);
        assertThat(quality.at("/windows/count/accuracy").asDouble())
                .isCloseTo((double) correct / (CLEAN + DRIFTED), within(1e-12));
        assertThat(quality.at("/windows/count/confusion")).hasSize(3);

        // the command itself, as a person runs it: the same windows in the document, and a cut by the minute
        Path json = models.resolve("count.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReportCommand.commandLine(new ReportCommand(policy, qualitySettings())).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute("--model", SmallPenguins.NAME, "--models", models.toString(),
                        "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--evaluations-topic", evaluations,
                        "--from", from.toString(), "--to", to.toString(), "--window", "count", "--json", json.toString());
        assertThat(exit).as(err.toString()).isZero();
        JsonNode doc = Json.MAPPER.readTree(json.toFile());
        assertThat(doc.at("/source/kind").asText()).isEqualTo("topics");
        assertThat(doc.at("/model/labels")).hasSize(3);
        assertThat(doc.get("segments")).hasSameSizeAs(streamed);
        for (int i = 0; i < streamed.size(); i++) {
            assertThat(doc.at("/segments/" + i + "/evaluation")).isEqualTo(text(streamed.get(i).result()));
        }
        Path minutes = models.resolve("minutes.json");
        exit = ReportCommand.commandLine(new ReportCommand(policy, qualitySettings())).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute("--model", SmallPenguins.NAME, "--models", models.toString(),
                        "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--from", from.toString(),
                        "--to", to.toString(), "--every", "1m", "--feedback-topic", feedback, "--json", minutes.toString());
        assertThat(exit).as(err.toString()).isZero();
        JsonNode segments = Json.MAPPER.readTree(minutes.toFile()).get("segments");
        // a segment per started minute: the last one ends at --to
        assertThat(segments).hasSize((int) ((Duration.between(from, to).toMillis() + 59_999) / 60_000));
        int events = 0;
        int pairs = 0;
        for (JsonNode segment : segments) {
            events += segment.at("/evaluation/size").asInt(0);
            pairs += segment.at("/quality/windows/count/pairs").asInt(0);
        }
        assertThat(events).isEqualTo(CLEAN + DRIFTED);
        assertThat(pairs).isEqualTo(CLEAN + DRIFTED);
    }

    @Test
    void aPeriodWithoutPredictionsOfTheModelIsAnError() throws Exception {
        SmallPenguins.copyInto(models);
        String topic = "predictions-" + UUID.randomUUID();
        broker.createTopic(topic, 2);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReportCommand.commandLine(new ReportCommand(DataDriftPolicy.defaults(), qualitySettings())).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute("--model", SmallPenguins.NAME, "--models", models.toString(),
                        "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--from", "-1h", "--to", "now");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines().filter(l -> l.startsWith("report: ")))
                .singleElement().asString().startsWith("report: no prediction of model 'penguins' on topic '" + topic + "'");
    }

    static JsonObject qualitySettings() {
        return Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of());
    }

    /** Both sides as the JSON text they would be written as: equal text is equal doubles, bit for bit. */
    private static JsonNode text(Map<String, Object> value) throws Exception {
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value));
    }

    private List<EvaluationEvent> awaitCountWindows(String evaluations, int expected) {
        List<EvaluationEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(evaluations, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EvaluationEvent e = EvaluationCodec.decode(r.value());
                    if (e.window().equals("count")) {
                        out.add(e);
                    }
                }
                return out.size() >= expected;
            });
        }
        return out;
    }

    /** Version 2 events of the small penguins model from the committed data, scored by the model as serving would. */
    static final class Penguins {
        private final ModelSchema schema = BundleMetadata.load(SmallPenguins.dir(), BundleMetadata.Checks.FILES_READ)
                .schema();
        private final CompiledForest forest = CompiledForest.compile(SmallPenguins.bundle().tribuoModel(), schema);
        private final Table table = BundledData.PENGUINS.table();
        private final int target = table.indexOf(schema.task().target());
        private final List<Integer> gentoo = new ArrayList<>();

        Penguins() {
            for (int r = 0; r < table.size(); r++) {
                if ("Gentoo".equals(table.cell(r, target))) {
                    gentoo.add(r);
                }
            }
        }

        int any(Random random) {
            return random.nextInt(table.size());
        }

        String species(int row) {
            return table.cell(row, target);
        }

        int gentoo(Random random) {
            return gentoo.get(random.nextInt(gentoo.size()));
        }

        ModelPredictionEvent event(int row, Random random, Instant at) {
            Map<String, Object> features = new LinkedHashMap<>();
            double[] x = new double[schema.features().size()];
            for (int j = 0; j < x.length; j++) {
                Feature f = schema.features().get(j);
                int column = table.indexOf(f.name());
                String cell = column < 0 ? null : table.cell(row, column);
                x[j] = cell == null ? Double.NaN : f.isNumeric() ? Double.parseDouble(cell) : f.ordinalOf(cell);
                features.put(f.name(), cell == null ? null : f.isNumeric() ? (Object) x[j] : cell);
            }
            double[] p = forest.predictProba(x);
            List<String> labels = ((Task.Classification) schema.task()).labels();
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < labels.size(); c++) {
                probabilities.put(labels.get(c), p[c]);
            }
            return new ModelPredictionEvent(ModelPredictionEvent.SCHEMA_VERSION,
                    new UUID(random.nextLong(), random.nextLong()).toString(), at, SmallPenguins.NAME,
                    SmallPenguins.VERSION, ModelPredictionEvent.CLASSIFICATION, features, null,
                    labels.get(forest.label(p)), probabilities);
        }
    }
}
