package dev.facet.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.Task;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The history and the live report on the real broker. A running worker judges clean then drifted penguins
 * traffic (two count windows: no drift, then the Gentoo-only mix) and clean diamonds traffic, and publishes its
 * windows; quality windows are published here as ground-truth publishes them. {@code /history} must give them
 * back in order, with the drifted features and their times, filtered by model and period; {@code /report.json}
 * and {@code /report} must build the report document of each model from the same.
 */
class ReportRoutesTest {

    private static final int WINDOW = 500;
    private static final KafkaBroker BROKER = SharedTestBroker.get();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<EvaluationEvent> QUALITY = new ArrayList<>();
    private static DriftWorkerApp app;
    private static JsonNode penguinWindows;

    @BeforeAll
    static void judgeTrafficAndPublishQuality() throws Exception {
        Path root = Files.createTempDirectory("facet-models-");
        SmallModel.writeVersion(root.resolve(SmallModel.NAME), SmallModel.VERSION);
        SmallPenguins.copyInto(root);
        String topic = "predictions-" + UUID.randomUUID();
        String evaluations = "evaluations-" + UUID.randomUUID();
        BROKER.createTopic(topic, 1); // one partition: each count window holds exactly the events sent for it
        BROKER.createTopic(evaluations, 1);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", BROKER.bootstrapServers())
                .put("kafka.topic.predictions", topic)
                .put("kafka.topic.evaluations", evaluations)
                .put("kafka.group.id", "drift-worker-" + UUID.randomUUID())
                .put("dlq.enabled", false)
                .put("window.time.evaluate.seconds", 1);
        // a quality window of two days ago, published then: the record's time is its publish time
        EvaluationEvent old = quality(SmallPenguins.NAME, Instant.now().minus(Duration.ofDays(2))
                .truncatedTo(ChronoUnit.MILLIS), 0.5, true);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(evaluations, null, old.evaluatedAt().toEpochMilli(), old.modelName(),
                    EvaluationCodec.encode(old))).get(30, TimeUnit.SECONDS);
        }
        app = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        PenguinTraffic penguins = PenguinTraffic.get();
        TestTraffic diamonds = TestTraffic.get();
        List<Integer> all = penguins.rows(s -> true);
        List<Integer> gentoo = penguins.rows("Gentoo"::equals);
        Random random = new Random(22);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < WINDOW; i++) {
                send(producer, topic, EventCodec.encode(penguins.event(all.get(random.nextInt(all.size())), random,
                        Instant.now())));
                send(producer, topic, EventCodec.encode(diamonds.event(diamonds.draw(random), random, Instant.now())));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state().latest(SmallPenguins.NAME, "count") != null
                    && app.state().latest(SmallModel.NAME, "count") != null);
            for (int i = 0; i < WINDOW; i++) {
                send(producer, topic, EventCodec.encode(penguins.event(gentoo.get(random.nextInt(gentoo.size())),
                        random, Instant.now())));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state().latest(SmallPenguins.NAME, "count")
                    .datasetDrift());

            // quality windows as ground-truth publishes them (QualityHistory: key = model, result = /quality's model)
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            QUALITY.add(quality(SmallPenguins.NAME, now.minusSeconds(2), 0.08, false));
            QUALITY.add(quality(SmallPenguins.NAME, now.minusSeconds(1), 0.31, true));
            QUALITY.add(quality(SmallModel.NAME, now.minusSeconds(1), 0.1, false));
            for (EvaluationEvent e : QUALITY) {
                producer.send(new ProducerRecord<>(evaluations, e.modelName(), EvaluationCodec.encode(e)));
            }
            producer.flush();
        }
        QUALITY.add(old); // outside the last 24 h
        // both count windows of the penguins are on the topic once /history shows them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode h = Json.MAPPER.readTree(get("/history?model=penguins").body());
            assertThat(counts(h)).hasSize(2);
            assertThat(h.path("quality")).hasSize(2);
        });
        penguinWindows = Json.MAPPER.readTree(get("/drift?model=penguins").body()).path("windows");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void historyGivesTheWindowsInOrderWithTheDriftedFeaturesAndTheQualityVerbatim() throws Exception {
        HttpResponse<String> response = get("/history?model=penguins");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode h = Json.MAPPER.readTree(response.body());
        assertThat(h.path("model").asText()).isEqualTo("penguins");
        assertThat(h.path("truncated").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(h.path("from").asText()), Instant.parse(h.path("to").asText())))
                .isEqualTo(Duration.ofHours(24));

        List<JsonNode> drift = list(h.path("drift"));
        assertThat(drift).isNotEmpty();
        assertThat(drift).extracting(d -> Instant.parse(d.path("evaluated_at").asText())).isSorted();
        List<JsonNode> counts = counts(h);
        JsonNode clean = counts.get(0);
        JsonNode drifted = counts.get(1);
        assertThat(clean.path("verdict").asText()).isEqualTo("no_drift");
        assertThat(drifted.path("verdict").asText()).isEqualTo("drift");
        assertThat(drifted.path("size").asInt()).isEqualTo(WINDOW);
        assertThat(drifted.path("model_version").asText()).isEqualTo(SmallPenguins.VERSION);
        assertThat(drifted.path("first_event_time").asText()).isNotEmpty();
        assertThat(drifted.path("drifted_share").asDouble()).isGreaterThan(0);
        assertThat(list(drifted.path("drifted_features"))).extracting(JsonNode::asText).contains("island", "prediction");
        assertThat(clean.path("drifted_features")).isEmpty();
        // the last count window is the one /drift shows
        assertThat(drifted.path("evaluated_at").asText())
                .isEqualTo(penguinWindows.at("/count/latest/evaluated_at").asText());
        // which feature drifted, when: island in the drifted window, never in the clean one
        List<String> island = list(h.at("/features/island")).stream().map(JsonNode::asText).toList();
        assertThat(island).contains(drifted.path("evaluated_at").asText())
                .doesNotContain(clean.path("evaluated_at").asText());
        for (JsonNode d : drift) {
            for (JsonNode f : d.path("drifted_features")) {
                assertThat(list(h.path("features").path(f.asText())).stream().map(JsonNode::asText))
                        .contains(d.path("evaluated_at").asText());
            }
        }

        // the quality windows of this model in the last 24 h, oldest first, the result as published
        List<JsonNode> quality = list(h.path("quality"));
        assertThat(quality).hasSize(2);
        for (int i = 0; i < 2; i++) {
            EvaluationEvent sent = QUALITY.get(i);
            assertThat(quality.get(i).path("evaluated_at").asText()).isEqualTo(sent.evaluatedAt().toString());
            assertThat(quality.get(i).path("window").asText()).isEqualTo("count");
            assertThat(quality.get(i).path("verdict").asText()).isEqualTo(sent.verdict());
            assertThat(quality.get(i).path("result")).isEqualTo(published(sent));
        }
        assertThat(quality.get(1).at("/result/concept_drift/ratio_test/error_rate_ratio").asDouble())
                .isCloseTo(3.1, within(1e-9));
    }

    @Test
    void historyKeepsToThePeriodAndTheLimit() throws Exception {
        JsonNode all = Json.MAPPER.readTree(get("/history?model=penguins").body());
        List<JsonNode> counts = counts(all);
        String second = counts.get(1).path("evaluated_at").asText();
        JsonNode only = Json.MAPPER.readTree(get("/history?model=penguins&from=" + enc(second) + "&to="
                + enc(second)).body());
        assertThat(only.path("from").asText()).isEqualTo(second);
        assertThat(counts(only)).hasSize(1);
        assertThat(counts(only).get(0).path("evaluated_at").asText()).isEqualTo(second);
        assertThat(only.path("quality")).isEmpty();

        // the quality window of two days ago, in a period that holds it
        Instant old = QUALITY.get(3).evaluatedAt();
        JsonNode past = Json.MAPPER.readTree(get("/history?model=penguins&from=" + enc(old.minusSeconds(60).toString())
                + "&to=" + enc(old.plusSeconds(60).toString())).body());
        assertThat(past.path("quality")).hasSize(1);
        assertThat(past.path("drift")).isEmpty();
        assertThat(past.at("/quality/0/evaluated_at").asText()).isEqualTo(old.toString());

        // the diamonds' history holds the diamonds' quality window only
        JsonNode d = Json.MAPPER.readTree(get("/history?model=" + SmallModel.NAME).body());
        assertThat(d.path("quality")).hasSize(1);
        assertThat(d.at("/quality/0/result/model/name").asText()).isEqualTo(SmallModel.NAME);
        assertThat(list(d.path("drift"))).allSatisfy(e -> assertThat(e.path("verdict").asText()).isNotEqualTo("drift"));

        // a limit keeps the newest of each kind and says the answer was cut
        JsonNode one = Json.MAPPER.readTree(get("/history?model=penguins&limit=1").body());
        assertThat(one.path("truncated").asBoolean()).isTrue();
        assertThat(one.path("quality")).hasSize(1);
        assertThat(one.at("/quality/0/evaluated_at").asText()).isEqualTo(QUALITY.get(1).evaluatedAt().toString());
        assertThat(one.path("drift")).hasSize(1);
        assertThat(one.at("/drift/0/evaluated_at").asText()).isEqualTo(list(all.path("drift")).get(all.path("drift")
                .size() - 1).path("evaluated_at").asText());
    }

    @Test
    void badHistoryRequestsAre4xxNamingTheField() throws Exception {
        assertError(get("/history"), 400, "model");
        assertError(get("/history?model="), 400, "model");
        assertError(get("/history?model=penguins&from=yesterday"), 400, "from");
        assertError(get("/history?model=penguins&to=2026-13-01T00:00:00Z"), 400, "to");
        assertError(get("/history?model=penguins&from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"), 400, "from");
        assertError(get("/history?model=penguins&limit=0"), 400, "limit");
        assertError(get("/history?model=penguins&limit=many"), 400, "limit");
        JsonNode unknown = assertError(get("/history?model=nope"), 404, "model");
        assertThat(unknown.path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.path("message").asText()).contains("'nope'", SmallModel.NAME, SmallPenguins.NAME);
    }

    @Test
    void theReportOfAClassifierHasItsLabelsDistributionsSegmentsQualityAndHistory() throws Exception {
        HttpResponse<String> response = get("/report.json?model=penguins");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode r = Json.MAPPER.readTree(response.body());
        assertThat(r.path("report_version").asInt()).isEqualTo(1);
        assertThat(Instant.parse(r.path("generated_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(r.at("/source/kind").asText()).isEqualTo("live");
        assertThat(r.at("/source/description").asText()).contains("penguins");
        assertThat(r.at("/model/name").asText()).isEqualTo("penguins");
        assertThat(r.at("/model/version").asText()).isEqualTo(SmallPenguins.VERSION);
        assertThat(r.at("/model/task").asText()).isEqualTo("classification");
        Task.Classification task = (Task.Classification) PenguinTraffic.get().schema().task();
        assertThat(r.at("/model/target").asText()).isEqualTo(task.target());
        assertThat(list(r.at("/model/labels")).stream().map(JsonNode::asText)).containsExactlyElementsOf(task.labels());
        assertThat(r.path("policy")).isEqualTo(Json.MAPPER.readTree(get("/drift?model=penguins").body()).path("policy"));
        assertThat(list(r.path("segments")).stream().map(s -> s.path("name").asText())).containsExactly("count", "time");
        JsonNode count = r.at("/segments/0");
        assertThat(count.path("evaluation")).isEqualTo(penguinWindows.at("/count/latest"));
        assertThat(count.at("/evaluation/features/island/distribution/type").asText()).isEqualTo("categories");
        assertThat(count.at("/evaluation/features/culmen_length_mm/distribution/edges")).hasSize(21);
        assertThat(r.at("/segments/1/evaluation/features/prediction/distribution/type").asText()).isEqualTo("categories");
        // quality: the latest quality window of the model in the last 24 h
        assertThat(count.path("quality")).isEqualTo(published(QUALITY.get(1)));
        assertThat(Instant.parse(r.at("/period/from").asText())).isBefore(Instant.parse(r.at("/period/to").asText()));
        assertThat(counts(r.path("history"))).hasSize(2);
    }

    @Test
    void theReportOfARegressorHasNoLabelsAndItsOwnQuality() throws Exception {
        JsonNode r = Json.MAPPER.readTree(get("/report.json?model=" + SmallModel.NAME).body());
        assertThat(r.at("/model/task").asText()).isEqualTo("regression");
        assertThat(r.at("/model/target").asText()).isNotEmpty();
        assertThat(r.at("/model/labels").isNull()).isTrue();
        assertThat(r.at("/segments/0/evaluation/features/carat/distribution/type").asText()).isEqualTo("histogram");
        assertThat(r.at("/segments/0/evaluation/features/prediction/distribution/type").asText()).isEqualTo("histogram");
        assertThat(r.at("/segments/0/evaluation/features/cut/distribution/type").asText()).isEqualTo("categories");
        assertThat(r.at("/segments/0/quality")).isEqualTo(published(QUALITY.get(2)));
        assertThat(r.at("/history/model").asText()).isEqualTo(SmallModel.NAME);
    }

    @Test
    void theReportPageHoldsTheDocumentAndDownloadsAsAFile() throws Exception {
        HttpResponse<String> page = get("/report?model=penguins");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-disposition")).isEmpty();
        String body = page.body();
        int start = body.indexOf("<script type=\"application/json\" id=\"report-data\">");
        assertThat(start).isPositive();
        String data = body.substring(body.indexOf('>', start) + 1, body.indexOf("</script>", start));
        JsonNode doc = Json.MAPPER.readTree(data.replace("<\\/", "</"));
        assertThat(doc.at("/model/name").asText()).isEqualTo("penguins");
        assertThat(doc.at("/segments/0/evaluation")).isEqualTo(penguinWindows.at("/count/latest"));

        HttpResponse<String> download = get("/report?model=penguins&download=1");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-disposition")).get().asString()
                .matches("attachment; filename=\"facet-report-penguins-\\d{8}T\\d{6}Z\\.html\"");
    }

    @Test
    void badReportRequestsAre4xxNamingTheModel() throws Exception {
        for (String route : List.of("/report", "/report.json")) {
            assertError(get(route), 400, "model");
            assertError(get(route + "?model=%20"), 400, "model");
            JsonNode unknown = assertError(get(route + "?model=nope"), 404, "model");
            assertThat(unknown.path("message").asText()).contains(SmallModel.NAME, SmallPenguins.NAME);
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerIsA503NotAHangAndABurstIsTurnedAwayAtOnce() throws Exception {
        Path root = Files.createTempDirectory("facet-models-");
        SmallPenguins.copyInto(root);
        JsonObject config = Settings.load(DriftWorkerApp.SERVICE, "/drift-worker-defaults.json", Map.of())
                .put("http.port", 0)
                .put("model.dir", root.toString())
                .put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort())
                .put("dlq.enabled", false)
                .put("history.enabled", false)
                .put("history.read.timeout.ms", 3000);
        DriftWorkerApp away = DriftWorkerApp.start(config).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        try {
            for (String route : List.of("/history?model=penguins", "/report.json?model=penguins",
                    "/report?model=penguins")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + away.httpPort() + route)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(route).isEqualTo(503);
                assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
                JsonNode error = Json.MAPPER.readTree(r.body());
                assertThat(error.path("error").asText()).isEqualTo("unavailable");
                assertThat(error.path("message").asText()).contains("history");
            }
            // a burst while every read waits for the broker: 8 admitted (each 503 after its deadline), the rest
            // refused at once as busy, none left hanging
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + away.httpPort()
                        + "/history?model=penguins")).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<String> messages = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : burst) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(503);
                messages.add(Json.MAPPER.readTree(r.body()).path("message").asText());
            }
            assertThat(messages.stream().filter(m -> m.startsWith("busy"))).hasSizeGreaterThanOrEqualTo(12);
            assertThat(messages.stream().filter(m -> m.contains("cannot be read"))).hasSizeGreaterThanOrEqualTo(1);
        } finally {
            away.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A quality event shaped as ground-truth's QualityHistory publishes a classifier's (QualityReport.model). */
    private static EvaluationEvent quality(String model, Instant at, double errorRate, boolean drifted) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("pairs", 200);
        window.put("accuracy", 1 - errorRate);
        window.put("error_rate", errorRate);
        window.put("macro_f1", 0.8);
        window.put("log_loss", null);
        window.put("labels", List.of("Adelie", "Chinstrap", "Gentoo"));
        window.put("confusion", List.of(List.of(80, 5, 1), List.of(3, 40, 2), List.of(1, 2, 66)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", Map.of("name", model, "version", "1", "task", "classification"));
        result.put("baseline", Map.of("accuracy", 0.9, "error_rate", 0.1));
        result.put("windows", Map.of("count", window, "time", window));
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("error_rate_ratio", errorRate / 0.1);
        ratio.put("threshold", 1.5);
        ratio.put("alarm", drifted);
        result.put("concept_drift", Map.of("detected", drifted, "ratio_test", ratio));
        return new EvaluationEvent(EvaluationEvent.SCHEMA_VERSION, EvaluationEvent.QUALITY, model, "1", "count", at,
                drifted ? EvaluationEvent.VERDICT_DRIFT : EvaluationEvent.VERDICT_NO_DRIFT,
                EvaluationEvent.Bounds.unknown(), result);
    }

    /** The result as the event carries it on the topic, nulls included. */
    private static JsonNode published(EvaluationEvent e) throws Exception {
        return Json.MAPPER.readTree(EvaluationCodec.encode(e)).path("result");
    }

    private static List<JsonNode> counts(JsonNode history) {
        return list(history.path("drift")).stream().filter(d -> d.path("window").asText().equals("count")).toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.at("/details/0/field").asText()).as(r.body()).isEqualTo(field);
        return error;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
