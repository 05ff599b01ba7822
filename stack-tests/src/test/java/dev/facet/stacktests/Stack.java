package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.schema.Diamond;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.kafka.Topics;
import dev.facet.service.config.Settings;
import dev.facet.serving.ServingApp;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole monitoring path, for real: a KRaft broker, serving, drift-worker and ground-truth through their App
 * classes with a small trained bundle, a real Prometheus scraping them every second with the repository's rules
 * (alerts' {@code for:} shortened, see {@link ShortAlerting}), a real Alertmanager with the repository's routing,
 * and the webhook its receivers post to. Plus the HTTP traffic the tests drive through it.
 */
final class Stack implements AutoCloseable {

    /** A prediction the stack answered, with the row it was made for (and that row's real price). */
    record Answered(LabelledDiamond row, String predictionId) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final ServingApp serving;
    final DriftWorkerApp drift;
    final GroundTruthApp groundTruth;
    final AlertmanagerUnderTest alertmanager;
    final AlertWebhook webhook;
    final PrometheusUnderTest prometheus;
    final List<LabelledDiamond> heldOut;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight = new Semaphore(16);

    private Stack(ServingApp serving, DriftWorkerApp drift, GroundTruthApp groundTruth, AlertmanagerUnderTest alertmanager,
                  AlertWebhook webhook, PrometheusUnderTest prometheus, List<LabelledDiamond> heldOut) {
        this.serving = serving;
        this.drift = drift;
        this.groundTruth = groundTruth;
        this.alertmanager = alertmanager;
        this.webhook = webhook;
        this.prometheus = prometheus;
        this.heldOut = heldOut;
    }

    static Stack start(Path tmp) throws Exception {
        // fail fast, with the fix in the message, before minutes of set-up
        Tools.require(Tools.PROMETHEUS);
        Tools.require(Tools.PROMTOOL);
        Tools.require(Tools.ALERTMANAGER);

        // a repository of both models, <name>/<version>: serving and ground-truth answer and judge both
        Path models = Files.createDirectories(tmp.resolve("models"));
        SmallModel.writeVersion(Files.createDirectories(models.resolve(SmallModel.NAME)), SmallModel.VERSION);
        SmallPenguins.copyInto(models);
        List<LabelledDiamond> heldOut = SmallModel.heldOut();

        KafkaBroker broker = SharedTestBroker.get();
        for (Map.Entry<String, Integer> t : Topics.all().entrySet()) {
            broker.createTopic(t.getKey(), t.getValue());
        }
        String bootstrap = broker.bootstrapServers();
        ServingApp serving = started(ServingApp.start(settings("serving", models, bootstrap)));
        // the drift-worker judges both models too, each against its own bundle's reference
        DriftWorkerApp drift = started(DriftWorkerApp.start(settings("drift-worker", models, bootstrap)
                .put("window.time.evaluate.seconds", 2).put("kafka.lag.interval.ms", 1000)));
        GroundTruthApp groundTruth = started(GroundTruthApp.start(settings("ground-truth", models, bootstrap)));

        AlertWebhook webhook = AlertWebhook.start();
        Path amDir = Files.createDirectories(tmp.resolve("alertmanager"));
        AlertmanagerUnderTest alertmanager = AlertmanagerUnderTest.start(amDir,
                ShortAlerting.alertmanager(amDir.resolve("alertmanager.yml"), webhook::url));
        Path promDir = Files.createDirectories(tmp.resolve("prometheus"));
        PrometheusUnderTest prometheus = PrometheusUnderTest.start(promDir, ShortAlerting.rules(promDir.resolve("rules")),
                alertmanager.port(), serving.httpPort(), drift.httpPort(), groundTruth.httpPort());
        Stack stack = new Stack(serving, drift, groundTruth, alertmanager, webhook, prometheus, heldOut);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> prometheus.ready() && alertmanager.ready());
        return stack;
    }

    private static JsonObject settings(String service, Path models, String bootstrap) {
        return Settings.load(service, "/" + service + "-defaults.json", Map.of())
                .put("http.port", 0).put("model.dir", models.toString()).put("kafka.bootstrap.servers", bootstrap);
    }

    private static <T> T started(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    String servingUrl() {
        return "http://127.0.0.1:" + serving.httpPort();
    }

    String driftUrl() {
        return "http://127.0.0.1:" + drift.httpPort();
    }

    String groundTruthUrl() {
        return "http://127.0.0.1:" + groundTruth.httpPort();
    }

    /** {@code n} held-out rows drawn with replacement. */
    List<LabelledDiamond> sample(Random random, int n) {
        List<LabelledDiamond> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(heldOut.get(random.nextInt(heldOut.size())));
        }
        return rows;
    }

    /**
     * POST /predict for every row, carat scaled by {@code caratFactor} and the three lengths by its cube root (so a
     * drifted row stays a consistent stone); every answer must be a 200.
     */
    List<Answered> predict(List<LabelledDiamond> rows, double caratFactor) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (LabelledDiamond row : rows) {
            sent.add(post(servingUrl() + "/predict", body(row.diamond(), caratFactor)));
        }
        List<Answered> answered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            HttpResponse<String> r = sent.get(i).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            answered.add(new Answered(rows.get(i), MAPPER.readTree(r.body()).path("prediction_id").asText()));
        }
        return answered;
    }

    /** A penguin answered by serving: the prediction's id and label, and the species the row really is. */
    record Penguin(String predictionId, String label, String species) {
    }

    /** Two real penguins of the data set, a Gentoo and an Adelie, as requests. */
    private static final List<Map<String, Object>> PENGUINS = List.of(
            Map.of("island", "Biscoe", "culmen_length_mm", 46.1, "culmen_depth_mm", 13.2, "flipper_length_mm", 211.0,
                    "body_mass_g", 4500.0, "sex", "FEMALE", "species", "Gentoo"),
            Map.of("island", "Torgersen", "culmen_length_mm", 39.1, "culmen_depth_mm", 18.7, "flipper_length_mm", 181.0,
                    "body_mass_g", 3750.0, "sex", "MALE", "species", "Adelie"));

    /** POST /models/penguins/predict {@code n} times, the two penguins in turn; every answer must be a 200. */
    List<Penguin> predictPenguins(int n) throws Exception {
        return predictPenguins(n, i -> false);
    }

    /**
     * As {@link #predictPenguins(int)}, with {@code sex} sent as JSON null in the requests whose index (0 to n-1)
     * {@code sexMissing} accepts: the schema allows it missing, so serving answers them too.
     */
    List<Penguin> predictPenguins(int n, IntPredicate sexMissing) throws Exception {
        List<Penguin> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>(PENGUINS.get(i % PENGUINS.size()));
            String species = (String) row.remove("species");
            if (sexMissing.test(i)) {
                row.put("sex", null);
            }
            HttpResponse<String> r = post(servingUrl() + "/models/" + SmallPenguins.NAME + "/predict",
                    MAPPER.writeValueAsString(row)).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode b = MAPPER.readTree(r.body());
            out.add(new Penguin(b.path("prediction_id").asText(), b.path("label").asText(), species));
        }
        return out;
    }

    /** POST /feedback/batch with each penguin's real species as its actual label. */
    void feedbackPenguins(List<Penguin> answered) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Penguin p : answered) {
            items.add(Map.of("prediction_id", p.predictionId(), "actual", p.species()));
        }
        HttpResponse<String> r = post(groundTruthUrl() + "/feedback/batch", MAPPER.writeValueAsString(items)).join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** POST /feedback/batch with each answered row's real price times {@code priceFactor}, 100 items a request. */
    void feedback(List<Answered> answered, double priceFactor) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Answered a : answered) {
            items.add(Map.of("prediction_id", a.predictionId(), "actual_price", a.row().price() * priceFactor));
        }
        for (int i = 0; i < items.size(); i += 100) {
            HttpResponse<String> r = post(groundTruthUrl() + "/feedback/batch",
                    MAPPER.writeValueAsString(items.subList(i, Math.min(items.size(), i + 100)))).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    static String body(Diamond d, double caratFactor) throws Exception {
        double lengths = Math.cbrt(caratFactor);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("carat", d.carat() * caratFactor);
        m.put("cut", d.cut());
        m.put("color", d.color());
        m.put("clarity", d.clarity());
        m.put("depth", d.depth());
        m.put("table", d.table());
        m.put("x", d.x() * lengths);
        m.put("y", d.y() * lengths);
        m.put("z", d.z() * lengths);
        return MAPPER.writeValueAsString(m);
    }

    CompletableFuture<HttpResponse<String>> post(String url, String json) {
        inFlight.acquireUninterruptibly();
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> inFlight.release());
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    /** The services' and tools' log tails, for a failure message. */
    String logs() {
        return "prometheus log:\n" + prometheus.logTail() + "\nalertmanager log:\n" + alertmanager.logTail()
                + "\nwebhook received:\n" + webhook.describe();
    }

    @Override
    public void close() throws Exception {
        prometheus.close();
        alertmanager.close();
        webhook.close();
        for (Future<Void> f : List.of(serving.stop(), drift.stop(), groundTruth.stop())) {
            f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
