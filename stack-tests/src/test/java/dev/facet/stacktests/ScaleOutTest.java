package dev.facet.stacktests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import dev.facet.service.config.Settings;
import dev.facet.service.lifecycle.RunningService;
import dev.facet.serving.ServingApp;
import dev.facet.trainer.testing.SmallModel;
import dev.facet.trainer.testing.SmallPenguins;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21's consumers that scale out, for real: one KRaft broker, serving with both models, two drift-workers in
 * one group and two ground-truth instances in another (in-process apps on free ports), and a real Prometheus
 * scraping the five targets under the jobs {@code serving}, {@code drift-worker}, {@code ground-truth} with the
 * repository's rules. Then one ground-truth instance is stopped half-way through the feedback.
 *
 * <p>What is asserted, and why it is the right oracle. The recording rules' global figures are
 * {@code Σ window sums / Σ window pairs} over the live instances' windows, so they equal a direct computation
 * over the pairs those windows hold. The windows here are larger than the traffic (count 10,000 pairs, time one
 * hour), so they hold every joined pair, and the oracle is "every pair posted". After the stop the stopped
 * instance's series vanish from the scrape (its target is down, Prometheus marks them stale), so the global
 * figures are the survivor's alone; they still equal the direct computation over ALL pairs only if the survivor
 * rebuilt the moved partitions' pairs by replay and joined the rest, each exactly once (the windows are sets
 * keyed by pair, the pair count is asserted too). The counters cannot be summed the same way, since the stopped
 * instance's counter is gone from the latest scrape: {@code max_over_time} of each instance's
 * {@code join_matched_total} is its last value (counters only grow), and their sum equals the pairs posted only if
 * no pair was counted twice (the survivor counts replayed records below the group's committed offsets as
 * already counted) or lost (the stopped instance committed what it joined).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScaleOutTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PARTITIONS = 6;
    private static final int DIAMONDS = 300;
    private static final int PENGUINS = 200;
    /** Share of each model's pairs whose feedback is posted before the stop. */
    private static final double BEFORE_STOP = 0.6;
    private static final String DIAMONDS_MODEL = SmallModel.NAME;
    private static final String PENGUINS_MODEL = SmallPenguins.NAME;
    private static final List<String> SPECIES = List.of("Adelie", "Chinstrap", "Gentoo");
    /** Real penguins of the data set, one per species, as requests. */
    private static final List<Map<String, Object>> PENGUIN_ROWS = List.of(
            Map.of("island", "Biscoe", "culmen_length_mm", 46.1, "culmen_depth_mm", 13.2, "flipper_length_mm", 211.0,
                    "body_mass_g", 4500.0, "sex", "FEMALE"),
            Map.of("island", "Torgersen", "culmen_length_mm", 39.1, "culmen_depth_mm", 18.7, "flipper_length_mm", 181.0,
                    "body_mass_g", 3750.0, "sex", "MALE"),
            Map.of("island", "Dream", "culmen_length_mm", 46.5, "culmen_depth_mm", 17.9, "flipper_length_mm", 192.0,
                    "body_mass_g", 3500.0, "sex", "FEMALE"));
    private static final List<String> PENGUIN_SPECIES = List.of("Gentoo", "Adelie", "Chinstrap");

    /**
     * A posted prediction and the actual its feedback carries: for the diamonds the absolute error, for the
     * penguins whether the label was right, as the direct computation needs them.
     */
    private record Pair(String model, String predictionId, int partition, Object actual, String predicted,
                        double absError, boolean correct) {
        Map<String, Object> feedback() {
            return Map.of("prediction_id", predictionId, "actual", actual);
        }
    }

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight = new Semaphore(16);
    private final Set<RunningService> stopped = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        Collections.reverse(cleanup);
        cleanup.forEach(Runnable::run);
    }

    @Test
    void twoInstancesPerGroupGiveTheExactGlobalFiguresAndARebalanceLosesNoPairNorJoinsOneTwice() throws Exception {
        Tools.require(Tools.PROMETHEUS);
        Path models = Files.createDirectories(tmp.resolve("models"));
        SmallModel.writeVersion(Files.createDirectories(models.resolve(SmallModel.NAME)), SmallModel.VERSION);
        SmallPenguins.copyInto(models);

        // topics and groups of this test alone: the shared broker may hold other tests' events, which the joiner's
        // replay would otherwise join into these figures
        String run = UUID.randomUUID().toString().substring(0, 8);
        String predictions = "scale-predictions-" + run;
        String groundTruth = "scale-ground-truth-" + run;
        String driftGroup = "scale-drift-" + run;
        String joinGroup = "scale-join-" + run;
        KafkaBroker broker = SharedTestBroker.get();
        broker.createTopic(predictions, PARTITIONS);
        broker.createTopic(groundTruth, PARTITIONS);
        String bootstrap = broker.bootstrapServers();

        ServingApp serving = started(ServingApp.start(settings("serving", models, bootstrap)
                .put("kafka.topic.predictions", predictions)));
        List<DriftWorkerApp> drift = new ArrayList<>();
        List<GroundTruthApp> gt = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // count windows of 100 events, so that each worker judges some with its half of the traffic
            drift.add(started(DriftWorkerApp.start(settings("drift-worker", models, bootstrap)
                    .put("kafka.topic.predictions", predictions).put("kafka.group.id", driftGroup)
                    .put("window.count", 100).put("drift.min.window", 50).put("kafka.lag.interval.ms", 1000))));
            // windows larger than the traffic: they hold every pair, so "all pairs" is the oracle
            gt.add(started(GroundTruthApp.start(settings("ground-truth", models, bootstrap)
                    .put("kafka.topic.predictions", predictions).put("kafka.topic.ground-truth", groundTruth)
                    .put("kafka.group.id", joinGroup).put("quality.window.count", 10_000))));
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // both instances of each group hold partitions before any traffic: 3 of the 6 each
            List<Set<Integer>> joinShares = awaitSplit(admin, joinGroup, groundTruth);
            awaitSplit(admin, driftGroup, predictions);

            Path promDir = Files.createDirectories(tmp.resolve("prometheus"));
            Map<String, List<Integer>> jobs = new LinkedHashMap<>();
            jobs.put("serving", List.of(serving.httpPort()));
            jobs.put("drift-worker", drift.stream().map(DriftWorkerApp::httpPort).toList());
            jobs.put("ground-truth", gt.stream().map(GroundTruthApp::httpPort).toList());
            PrometheusUnderTest prometheus = PrometheusUnderTest.startJobs(promDir, Repo.path("prometheus/rules"), jobs);
            cleanup.add(prometheus::close);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(prometheus::ready);

            // real traffic for both models; actuals with noise, so the errors are far from zero
            Random random = new Random(21);
            List<Pair> pairs = new ArrayList<>(predictDiamonds(serving, random));
            pairs.addAll(predictPenguins(serving, random));
            List<Pair> before = new ArrayList<>();
            List<Pair> after = new ArrayList<>();
            for (String model : List.of(DIAMONDS_MODEL, PENGUINS_MODEL)) {
                List<Pair> of = pairs.stream().filter(p -> p.model().equals(model)).toList();
                int cut = (int) Math.round(of.size() * BEFORE_STOP);
                before.addAll(of.subList(0, cut));
                after.addAll(of.subList(cut, of.size()));
            }

            // the first part of the feedback, one instance's partitions at a time, to learn which instance holds
            // which partitions (the group does not say which member is which app)
            Set<Integer> firstShare = joinShares.get(0);
            List<Pair> firstBatch = only(before, p -> firstShare.contains(p.partition()));
            feedback(gt.get(0), firstBatch);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(matched(gt.get(0)) + matched(gt.get(1))).as("pairs joined").isEqualTo(firstBatch.size()));
            int holderOfFirst = matched(gt.get(0)) == firstBatch.size() ? 0 : 1;
            assertThat(matched(gt.get(holderOfFirst))).as("one instance joined the first share's pairs")
                    .isEqualTo(firstBatch.size());
            feedback(gt.get(1), only(before, p -> !firstShare.contains(p.partition())));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(matched(gt.get(0)) + matched(gt.get(1))).as("pairs joined").isEqualTo(before.size()));

            // in Prometheus: each instance of each group did part of the work, and the global figures are exact
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(values(prometheus, "sum by (instance) (join_matched_total{job=\"ground-truth\"})", "instance"))
                        .hasSize(2).allSatisfy((i, v) -> assertThat(v).as(i).isPositive());
                assertThat(values(prometheus, "sum by (model) (join_matched_total{job=\"ground-truth\"})", "model"))
                        .isEqualTo(counts(before));
                Map<String, Double> processed = values(prometheus,
                        "sum by (instance) (drift_events_processed_total{job=\"drift-worker\"})", "instance");
                assertThat(processed).hasSize(2).allSatisfy((i, v) -> assertThat(v).as(i).isPositive());
                assertThat(values(prometheus, "sum by (model) (drift_events_processed_total{job=\"drift-worker\"})",
                        "model")).isEqualTo(counts(pairs));
                assertThat(values(prometheus, "drift_instances_estimated{job=\"drift-worker\"}", "instance"))
                        .hasSize(2).allSatisfy((i, v) -> assertThat(v).as(i).isEqualTo(2.0));
                assertGlobalFigures(prometheus, before);
            });
            for (DriftWorkerApp d : drift) {
                assertAlphaHalved(d);
            }

            // stop one ground-truth instance mid-stream; its partitions move to the survivor
            int victim = 1 - holderOfFirst;
            GroundTruthApp survivor = gt.get(holderOfFirst);
            Set<Integer> moved = joinShares.get(1);
            long victimJoined = matched(gt.get(victim));
            long survivorJoined = matched(survivor);
            long t0 = System.nanoTime();
            stop(gt.get(victim));
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            List<Pair> movedBatch = only(after, p -> moved.contains(p.partition()));
            feedback(survivor, movedBatch);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> matched(survivor) > survivorJoined);
            long firstJoinMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("rebalance: stop() took %d ms; the survivor's first join on a moved partition came "
                    + "%d ms after the stop began%n", stopMillis, firstJoinMillis);
            feedback(survivor, only(after, p -> !moved.contains(p.partition())));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(matched(survivor) - survivorJoined)
                            .as("pairs the survivor counted since the stop (the rest of the feedback, none replayed)")
                            .isEqualTo(after.size()));
            assertThat(victimJoined + matched(survivor)).as("joins counted by the two instances").isEqualTo(pairs.size());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(scalar(prometheus, "count(up{job=\"ground-truth\"} == 1)")).as("live ground-truth targets")
                        .isEqualTo(1.0);
                // each instance's last count (the stopped one's from before it went), summed
                assertThat(values(prometheus,
                        "sum by (model) (max_over_time(join_matched_total{job=\"ground-truth\"}[10m]))", "model"))
                        .isEqualTo(counts(pairs));
                assertThat(scalar(prometheus, "sum(max_over_time(feedback_duplicate_total{job=\"ground-truth\"}[10m]))"
                        + " + sum(max_over_time(feedback_unmatched_total{job=\"ground-truth\"}[10m]))"))
                        .as("actuals counted as duplicates or unmatched").isEqualTo(0.0);
                assertGlobalFigures(prometheus, pairs);
            });
        }
        for (DriftWorkerApp d : drift) {
            stop(d);
        }
        stop(serving);
    }

    /** Global MAE, RMSE, accuracy and pair counts from the recording rules, both windows, against the pairs. */
    private static void assertGlobalFigures(PrometheusUnderTest prometheus, List<Pair> pairs) throws Exception {
        List<Pair> diamonds = only(pairs, p -> p.model().equals(DIAMONDS_MODEL));
        List<Pair> penguins = only(pairs, p -> p.model().equals(PENGUINS_MODEL));
        double mae = diamonds.stream().mapToDouble(Pair::absError).sum() / diamonds.size();
        double rmse = Math.sqrt(diamonds.stream().mapToDouble(p -> p.absError() * p.absError()).sum() / diamonds.size());
        double accuracy = (double) penguins.stream().filter(Pair::correct).count() / penguins.size();
        assertThat(mae).as("a non-trivial error").isGreaterThan(50);
        assertThat(accuracy).as("a non-trivial accuracy").isBetween(0.3, 0.95);
        double macroF1 = macroF1(penguins);
        assertThat(macroF1).as("a non-trivial macro-F1").isBetween(0.2, 0.95);
        for (String window : List.of("count", "time")) {
            Map<String, Double> n = values(prometheus,
                    "job_model_window:quality_window_pairs:sum{job=\"ground-truth\",window=\"" + window + "\"}", "model");
            assertThat(n).as(window + " window pairs").isEqualTo(counts(pairs));
            assertThat(values(prometheus, "job_model_window:quality_mae:global{window=\"" + window + "\"}", "model"))
                    .as(window + " MAE").hasEntrySatisfying(DIAMONDS_MODEL, v -> assertThat(v).isCloseTo(mae, within(mae * 1e-9)));
            assertThat(values(prometheus, "job_model_window:quality_rmse:global{window=\"" + window + "\"}", "model"))
                    .as(window + " RMSE").hasEntrySatisfying(DIAMONDS_MODEL, v -> assertThat(v).isCloseTo(rmse, within(rmse * 1e-9)));
            assertThat(values(prometheus, "job_model_window:quality_accuracy:global{window=\"" + window + "\"}", "model"))
                    .as(window + " accuracy").hasEntrySatisfying(PENGUINS_MODEL, v -> assertThat(v).isCloseTo(accuracy, within(1e-12)));
            assertThat(values(prometheus, "job_model_window:quality_macro_f1:global{window=\"" + window + "\"}", "model"))
                    .as(window + " macro-F1").hasEntrySatisfying(PENGUINS_MODEL, v -> assertThat(v).isCloseTo(macroF1, within(1e-12)));
        }
    }

    /** Mean over the labels the pairs show (actual or predicted) of 2 TP / (actual + predicted), as ground-truth's. */
    private static double macroF1(List<Pair> pairs) {
        Map<String, long[]> perClass = new TreeMap<>(); // TP, actual, predicted
        for (Pair p : pairs) {
            perClass.computeIfAbsent((String) p.actual(), k -> new long[3])[1]++;
            perClass.computeIfAbsent(p.predicted(), k -> new long[3])[2]++;
            if (p.correct()) {
                perClass.get(p.predicted())[0]++;
            }
        }
        return perClass.values().stream().mapToDouble(c -> 2.0 * c[0] / (c[1] + c[2])).average().orElseThrow();
    }

    /** A worker holding 3 of the 6 partitions judges at half the alpha, and says so in /drift. */
    private void assertAlphaHalved(DriftWorkerApp d) throws Exception {
        JsonNode body = getJson("http://127.0.0.1:" + d.httpPort() + "/drift");
        JsonNode split = body.path("policy").path("alpha_split");
        assertThat(split.path("partitions_assigned").asInt()).isEqualTo(3);
        assertThat(split.path("partitions_total").asInt()).isEqualTo(PARTITIONS);
        assertThat(split.path("instances_estimated").asDouble()).isEqualTo(2.0);
        assertThat(split.path("alpha_per_instance").asDouble()).isEqualTo(0.005);
        JsonNode latest = body.path("models").path(DIAMONDS_MODEL).path("windows").path("count").path("latest");
        assertThat(latest.path("verdict").asBoolean()).as(latest.toString()).isTrue();
        assertThat(latest.path("features").path("carat").path("alpha").asDouble()).isEqualTo(0.005);
    }

    /** Waits until the group is stable with two members holding 3 partitions of {@code topic} each; their shares. */
    private static List<Set<Integer>> awaitSplit(Admin admin, String group, String topic) {
        List<Set<Integer>> shares = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                    .get(group);
            if (g.groupState() != GroupState.STABLE || g.members().size() != 2) {
                return false;
            }
            shares.clear();
            for (MemberDescription m : g.members()) {
                Set<Integer> held = new TreeSet<>();
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        held.add(tp.partition());
                    }
                }
                shares.add(held);
            }
            return shares.stream().allMatch(s -> s.size() == PARTITIONS / 2);
        });
        return shares;
    }

    private List<Pair> predictDiamonds(ServingApp serving, Random random) throws Exception {
        List<LabelledDiamond> heldOut = SmallModel.heldOut();
        List<LabelledDiamond> rows = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < DIAMONDS; i++) {
            LabelledDiamond row = heldOut.get(random.nextInt(heldOut.size()));
            rows.add(row);
            sent.add(post("http://127.0.0.1:" + serving.httpPort() + "/predict", Stack.body(row.diamond(), 1.0)));
        }
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode b = ok(sent.get(i).join(), 200);
            String id = b.path("prediction_id").asText();
            double actual = rows.get(i).price() * Math.exp(0.2 * random.nextGaussian());
            out.add(new Pair(DIAMONDS_MODEL, id, partition(id), actual, null,
                    Math.abs(actual - b.path("price").asDouble()), false));
        }
        return out;
    }

    private List<Pair> predictPenguins(ServingApp serving, Random random) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < PENGUINS; i++) {
            sent.add(post("http://127.0.0.1:" + serving.httpPort() + "/models/" + PENGUINS_MODEL + "/predict",
                    MAPPER.writeValueAsString(PENGUIN_ROWS.get(i % PENGUIN_ROWS.size()))));
        }
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < PENGUINS; i++) {
            JsonNode b = ok(sent.get(i).join(), 200);
            String id = b.path("prediction_id").asText();
            // a third of the actuals are a random species: label noise, so the accuracy is well below 1
            String actual = random.nextDouble() < 1.0 / 3 ? SPECIES.get(random.nextInt(SPECIES.size()))
                    : PENGUIN_SPECIES.get(i % PENGUIN_SPECIES.size());
            String predicted = b.path("label").asText();
            out.add(new Pair(PENGUINS_MODEL, id, partition(id), actual, predicted, Double.NaN,
                    actual.equals(predicted)));
        }
        return out;
    }

    /**
     * The partition serving's producer picks for the key: the default partitioner's murmur2 hash, through the
     * client's own function so that the test cannot disagree with it.
     */
    private static int partition(String predictionId) {
        return BuiltInPartitioner.partitionForKey(predictionId.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** POST /feedback/batch to {@code instance}, 100 items a request (any instance takes any id). */
    private void feedback(GroundTruthApp instance, List<Pair> pairs) throws Exception {
        for (int i = 0; i < pairs.size(); i += 100) {
            List<Map<String, Object>> items = pairs.subList(i, Math.min(pairs.size(), i + 100)).stream()
                    .map(Pair::feedback).toList();
            ok(post("http://127.0.0.1:" + instance.httpPort() + "/feedback/batch", MAPPER.writeValueAsString(items))
                    .join(), 202);
        }
    }

    /** The instance's {@code join_matched_total}, summed over models, from its own /metrics. */
    private long matched(GroundTruthApp instance) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + instance.httpPort() + "/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("join_matched_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    /** An instant vector's values keyed by {@code label} (empty string where the series has none). */
    private static Map<String, Double> values(PrometheusUnderTest prometheus, String promql, String label)
            throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (JsonNode s : prometheus.query(promql).path("result")) {
            out.put(s.path("metric").path(label).asText(""), Double.parseDouble(s.path("value").get(1).asText()));
        }
        return out;
    }

    /** The value of a query that yields one series. */
    private static double scalar(PrometheusUnderTest prometheus, String promql) throws Exception {
        Map<String, Double> v = values(prometheus, promql, "__name__");
        assertThat(v).as(promql).hasSize(1);
        return v.values().iterator().next();
    }

    private static Map<String, Double> counts(List<Pair> pairs) {
        return pairs.stream().collect(Collectors.groupingBy(Pair::model, Collectors.summingDouble(p -> 1.0)));
    }

    private static List<Pair> only(List<Pair> pairs, Predicate<Pair> keep) {
        return pairs.stream().filter(keep).toList();
    }

    private static JsonObject settings(String service, Path models, String bootstrap) {
        return Settings.load(service, "/" + service + "-defaults.json", Map.of())
                .put("http.port", 0).put("model.dir", models.toString()).put("kafka.bootstrap.servers", bootstrap);
    }

    private <T extends RunningService> T started(Future<T> f) throws Exception {
        T app = f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        cleanup.add(() -> {
            try {
                stop(app);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return app;
    }

    /** Stops an app once (the test stops some itself; teardown stops the rest). */
    private void stop(RunningService app) throws Exception {
        if (stopped.add(app)) {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<HttpResponse<String>> post(String url, String json) {
        inFlight.acquireUninterruptibly();
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> inFlight.release());
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return ok(r, 200);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        return MAPPER.readTree(r.body());
    }
}
