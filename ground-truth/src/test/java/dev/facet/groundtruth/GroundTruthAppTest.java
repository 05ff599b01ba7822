package dev.facet.groundtruth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.stats.RegressionMetrics;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The service end to end against a real Kafka broker: predictions are published to the predictions topic as
 * serving would publish them (the small real model's predictions of held-out rows), actual prices go through
 * the HTTP API, and the joiner's results are read from {@code GET /quality}.
 */
class GroundTruthAppTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<GroundTruthApp> running = new ArrayList<>();
    private String predictions;
    private String groundTruth;
    private String group;

    @BeforeAll
    static void broker() {
        broker = SharedTestBroker.get();
        SmallModel.root(); // trained now, before any test starts its clock
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopApps() throws Exception {
        for (GroundTruthApp app : running) {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void topics() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        predictions = "predictions-" + suffix;
        groundTruth = "ground-truth-" + suffix;
        group = "ground-truth-" + suffix;
        broker.createTopic(predictions, 6);
        broker.createTopic(groundTruth, 6);
    }

    private JsonObject config(Map<String, Object> overrides) {
        JsonObject c = Settings.load(GroundTruthConfig.SERVICE, GroundTruthConfig.DEFAULTS, Map.of());
        c.put("http.port", 0).put("model.dir", SmallModel.dir().toString())
                .put("kafka.bootstrap.servers", broker.bootstrapServers())
                .put("kafka.topic.predictions", predictions).put("kafka.topic.ground-truth", groundTruth)
                .put("kafka.group.id", group);
        overrides.forEach(c::put);
        return c;
    }

    private GroundTruthApp start(JsonObject config) throws Exception {
        GroundTruthApp app = GroundTruthApp.start(config).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        running.add(app);
        return app;
    }

    /** Publishes the model's prediction of a held-out row, as serving does; returns (id, predicted, actual). */
    private Pair predict(LabelledDiamond row, Instant at) throws Exception {
        String id = UUID.randomUUID().toString();
        double predicted = SmallModel.forest().predict(row.diamond());
        PredictionEvent e = PredictionEvent.of(id, at, SmallModel.NAME, SmallModel.VERSION, row.diamond(), predicted);
        producer.send(new ProducerRecord<>(predictions, id, EventCodec.encode(e))).get(30, TimeUnit.SECONDS);
        return new Pair(id, predicted, row.price());
    }

    private record Pair(String id, double predicted, double actual) {
    }

    private HttpResponse<String> post(GroundTruthApp app, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(GroundTruthApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode quality(GroundTruthApp app) throws Exception {
        return Json.MAPPER.readTree(get(app, "/quality?model=" + SmallModel.NAME).body());
    }

    private void feedback(GroundTruthApp app, List<Pair> pairs, double inflation) throws Exception {
        for (int from = 0; from < pairs.size(); from += 500) {
            JsonArray batch = new JsonArray();
            for (Pair p : pairs.subList(from, Math.min(pairs.size(), from + 500))) {
                batch.add(new JsonObject().put("prediction_id", p.id()).put("actual_price", p.actual() * inflation));
            }
            HttpResponse<String> r = post(app, "/feedback/batch", "application/json", batch.encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    private static void assertWindowEqualsDirectComputation(JsonNode window, List<Pair> pairs, double inflation) {
        RegressionMetrics direct = RegressionMetrics.of(pairs.stream().mapToDouble(Pair::predicted).toArray(),
                pairs.stream().mapToDouble(p -> p.actual() * inflation).toArray());
        assertThat(window.get("pairs").asLong()).isEqualTo(pairs.size());
        assertThat(window.get("mae").asDouble()).isCloseTo(direct.mae(), within(1e-9 * direct.mae()));
        assertThat(window.get("rmse").asDouble()).isCloseTo(direct.rmse(), within(1e-9 * direct.rmse()));
        assertThat(window.get("mape").asDouble()).isCloseTo(direct.mape(), within(1e-9));
        assertThat(window.get("bias").asDouble()).isCloseTo(direct.bias(), within(1e-6));
    }

    @Test
    void feedbackJoinsWhetherItComesBeforeOrAfterItsPredictionAndDuplicatesAndUnknownIdsAreCounted() throws Exception {
        // a short grace, so that the unknown id is reported within seconds; long enough for the joiner's lag
        GroundTruthApp app = start(config(Map.of("join.grace.seconds", 5)));
        List<LabelledDiamond> rows = SmallModel.heldOut();
        Pair after = predict(rows.get(0), Instant.now());
        await().atMost(WAIT).until(() -> quality(app).at("/join/pending_predictions").asInt() == 1);
        feedback(app, List.of(after), 1.0);

        Pair before = new Pair(UUID.randomUUID().toString(), SmallModel.forest().predict(rows.get(1).diamond()), rows.get(1).price());
        feedback(app, List.of(before), 1.0);
        await().atMost(WAIT).until(() -> quality(app).at("/join/pending_feedback").asInt() == 1);
        producer.send(new ProducerRecord<>(predictions, before.id(), EventCodec.encode(PredictionEvent.of(before.id(),
                Instant.now(), SmallModel.NAME, SmallModel.VERSION, rows.get(1).diamond(), before.predicted())))).get();

        feedback(app, List.of(after, after), 1.0); // the same actual twice more: duplicates
        String unknown = UUID.randomUUID().toString();
        assertThat(post(app, "/feedback", "application/json",
                "{\"prediction_id\":\"" + unknown + "\",\"actual_price\":1234.5}").statusCode()).isEqualTo(202);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode q = quality(app);
            assertThat(q.at("/counters/join_matched").asLong()).isEqualTo(2);
            assertThat(q.at("/counters/feedback_duplicate").asLong()).isEqualTo(2);
            assertThat(q.at("/counters/feedback_unmatched/unknown").asLong()).isEqualTo(1);
            assertThat(q.at("/counters/feedback_received").asLong()).isEqualTo(5);
        });
        JsonNode q = quality(app);
        assertWindowEqualsDirectComputation(q.at("/windows/count"), List.of(after, before), 1.0);
        assertWindowEqualsDirectComputation(q.at("/windows/time"), List.of(after, before), 1.0);
        // one model: /quality without ?model= keeps its figures at the top level, as before repositories
        JsonNode all = Json.MAPPER.readTree(get(app, "/quality").body());
        assertWindowEqualsDirectComputation(all.at("/windows/count"), List.of(after, before), 1.0);
        assertWindowEqualsDirectComputation(all.at("/models/" + SmallModel.NAME + "/windows/count"),
                List.of(after, before), 1.0);
        assertThat(q.at("/join/pending_predictions").asInt()).isZero();
        String metrics = get(app, "/metrics").body();
        assertThat(metrics).contains("join_matched_total{application=\"ground-truth\",model=\"diamond-price-rf\"} 2.0")
                .contains("feedback_unmatched_total{application=\"ground-truth\",reason=\"unknown\"} 1.0")
                .contains("feedback_label_delay_seconds_count{application=\"ground-truth\",model=\"diamond-price-rf\"} 2");
    }

    @Test
    void predictionsPastTheRetentionExpireAndTheirLateActualIsReportedExpired() throws Exception {
        GroundTruthApp app = start(config(Map.of("join.retention.seconds", 2, "join.grace.seconds", 0)));
        Pair stale = predict(SmallModel.heldOut().get(2), Instant.now());
        await().atMost(WAIT).until(() -> quality(app).at("/join/pending_predictions").asInt() == 1);
        await().atMost(WAIT).until(() -> quality(app).at("/join/pending_predictions").asInt() == 0);
        feedback(app, List.of(stale), 1.0);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(quality(app).at("/counters/feedback_unmatched/expired").asLong()).isEqualTo(1));
        assertThat(quality(app).at("/counters/join_matched").asLong()).isZero();
        assertThat(get(app, "/metrics").body())
                .contains("join_evicted_total{application=\"ground-truth\",reason=\"expired\",side=\"prediction\"} 1.0");
    }

    @Test
    void aJoinerStoppedMidStreamAndStartedAgainLosesNoJoinAndCountsNoneTwice() throws Exception {
        List<LabelledDiamond> rows = SmallModel.heldOut();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pairs.add(predict(rows.get(100 + i), Instant.now()));
        }
        GroundTruthApp first = start(config(Map.of()));
        feedback(first, pairs.subList(0, 150), 1.0);
        await().atMost(WAIT).until(() -> quality(first).at("/counters/join_matched").asLong() == 150);
        first.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        running.remove(first);

        // while no joiner runs: the rest of the actuals, and 20 repeats of actuals already joined
        GroundTruthApp feeder = start(config(Map.of()).put("kafka.group.id", "feeder-" + UUID.randomUUID()));
        feedback(feeder, pairs.subList(150, 300), 1.0);
        feedback(feeder, pairs.subList(0, 20), 1.0);
        feeder.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        running.remove(feeder);

        GroundTruthApp second = start(config(Map.of()));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode q = quality(second);
            assertThat(q.at("/join/replaying").asBoolean()).isFalse();
            assertThat(q.at("/windows/count/pairs").asLong()).isEqualTo(300);
            // only what the first joiner had not processed is counted anew
            assertThat(q.at("/counters/join_matched").asLong()).isEqualTo(150);
            assertThat(q.at("/counters/feedback_duplicate").asLong()).isEqualTo(20);
        });
        JsonNode q = quality(second);
        assertWindowEqualsDirectComputation(q.at("/windows/count"), pairs, 1.0);
        assertThat(q.at("/join/pending_predictions").asInt()).isZero();
        assertThat(q.at("/join/matched_ids").asInt()).isEqualTo(300);
    }

    @Test
    void aFifteenPercentInflationRaisesTheConceptDriftFlagWithinTwoWindowsAndAnUnchangedStreamDoesNot()
            throws Exception {
        GroundTruthApp app = start(config(Map.of("quality.window.count", 500)));
        List<LabelledDiamond> rows = SmallModel.heldOut();
        List<Pair> unchanged = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            unchanged.add(predict(rows.get(1000 + i), Instant.now()));
        }
        feedback(app, unchanged, 1.0);
        await().atMost(WAIT).until(() -> quality(app).at("/counters/join_matched").asLong() == 1000);
        JsonNode q = quality(app);
        assertThat(q.at("/concept_drift/detected").asBoolean()).as(q.toString()).isFalse();
        assertThat(q.at("/counters/concept_drift_alarms").asLong()).isZero();
        assertWindowEqualsDirectComputation(q.at("/windows/count"), unchanged.subList(500, 1000), 1.0);

        List<Pair> inflated = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            inflated.add(predict(rows.get(2000 + i), Instant.now()));
        }
        feedback(app, inflated, 1.15);
        await().atMost(WAIT).until(() -> quality(app).at("/counters/join_matched").asLong() == 2000);
        q = quality(app);
        assertThat(q.at("/concept_drift/detected").asBoolean()).as(q.toString()).isTrue();
        assertThat(q.at("/concept_drift/ratio_test/alarm").asBoolean()).isTrue();
        assertThat(q.at("/concept_drift/page_hinkley/alarm").asBoolean()).isTrue();
        assertThat(q.at("/counters/concept_drift_alarms").asLong()).isEqualTo(1);
        assertWindowEqualsDirectComputation(q.at("/windows/count"), inflated.subList(500, 1000), 1.15);
        assertThat(get(app, "/metrics").body()).contains("concept_drift_detected{application=\"ground-truth\",model=\"diamond-price-rf\"} 1.0");
    }
}
