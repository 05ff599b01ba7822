package dev.facet.reliability;

import dev.facet.trainer.testing.SmallModel;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the ground-truth joiner and of the drift-worker while records are flowing, then a restart:
 * each service runs as its own JVM (so SIGKILL is real: no shutdown hook, no commit, no flush).
 */
class CrashRestartTest {

    private static final Path LOGS = Path.of("target", "child-logs");
    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void broker() {
        broker = SharedTestBroker.get();
        SmallModel.root(); // trained now, before any test starts its clock
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private record Pair(String id, double predicted, double actual) {
    }

    private static Pair predict(String topic, LabelledDiamond row, Instant at) {
        String id = UUID.randomUUID().toString();
        double predicted = SmallModel.forest().predict(row.diamond());
        producer.send(new ProducerRecord<>(topic, id, EventCodec.encode(
                PredictionEvent.of(id, at, SmallModel.NAME, SmallModel.VERSION, row.diamond(), predicted))));
        return new Pair(id, predicted, row.price());
    }

    private static void actual(String topic, Pair p) {
        Instant now = Instant.now();
        producer.send(new ProducerRecord<>(topic, p.id(), EventCodec.encode(FeedbackEvent.of(p.id(), p.actual(), now, now))));
    }

    private static JsonNode quality(ChildService s) throws Exception {
        return Json.MAPPER.readTree(s.http().get("/quality").body());
    }

    @Test
    void theJoinerKilledMidStreamLosesNoJoinAndJoinsNoneTwice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String predictions = "predictions-crash-" + suffix;
        String groundTruth = "ground-truth-crash-" + suffix;
        broker.createTopic(predictions, 6);
        broker.createTopic(groundTruth, 6);
        List<LabelledDiamond> rows = SmallModel.heldOut();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pairs.add(predict(predictions, rows.get(i), Instant.now()));
        }
        producer.flush();
        int port = ChildService.freePort();
        Map<String, String> env = Map.of("GROUND_TRUTH_HTTP_PORT", String.valueOf(port),
                "GROUND_TRUTH_MODEL_DIR", SmallModel.root().toString(),
                "GROUND_TRUTH_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "GROUND_TRUTH_KAFKA_TOPIC_PREDICTIONS", predictions,
                "GROUND_TRUTH_KAFKA_TOPIC_GROUND_TRUTH", groundTruth,
                "GROUND_TRUTH_KAFKA_GROUP_ID", "ground-truth-" + suffix,
                "GROUND_TRUTH_QUALITY_WINDOW_COUNT", "2000",
                // the killed joiner's partitions move after this; Kafka's default 45 s would only make the test slow
                "GROUND_TRUTH_KAFKA_SESSION_TIMEOUT_MS", "6000");
        Path log = LOGS.resolve("ground-truth-" + suffix + ".log");

        ChildService first = ChildService.start("dev.facet.groundtruth.GroundTruthMain", port, env, log);
        Duration firstStart = first.awaitReady();
        // the actuals flow at about 300 a second while the joiner is killed
        Thread feeder = new Thread(() -> {
            for (Pair p : pairs) {
                actual(groundTruth, p);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3)); // pacing of the stream, not synchronisation
            }
            // and 40 repeats of actuals already sent: must be counted as duplicates, never joined again
            pairs.subList(0, 40).forEach(p -> actual(groundTruth, p));
            producer.flush();
        }, "actuals");
        feeder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> quality(first).at("/windows/time/pairs").asLong() >= 100);
        long joinedBeforeKill = quality(first).at("/windows/time/pairs").asLong();
        first.kill();
        long killedAt = System.nanoTime();
        feeder.join(60_000);

        try (ChildService second = ChildService.start("dev.facet.groundtruth.GroundTruthMain", port, env, log)) {
            Duration restart = second.awaitReady();
            long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                JsonNode q = quality(second);
                return q.at("/windows/time/pairs").asLong() >= 600 && !q.at("/join/replaying").asBoolean()
                        && q.at("/join/pending_feedback").asLong() == 0;
            });
            JsonNode q = quality(second);
            double mae = pairs.stream().mapToDouble(p -> Math.abs(p.predicted() - p.actual())).average().orElseThrow();
            double bias = pairs.stream().mapToDouble(p -> p.predicted() - p.actual()).average().orElseThrow();
            assertThat(q.at("/windows/time/pairs").asLong()).isEqualTo(600);
            assertThat(q.at("/windows/count/pairs").asLong()).isEqualTo(600);
            assertThat(q.at("/windows/time/mae").asDouble()).isCloseTo(mae, within(1e-9 * mae));
            assertThat(q.at("/windows/time/bias").asDouble()).isCloseTo(bias, within(1e-6));
            assertThat(q.at("/join/matched_ids").asLong()).isEqualTo(600);
            System.out.printf("ground-truth kill -9 after %d of 600 joins; first start %d ms, restart ready %d ms "
                            + "(%d ms after the kill); after replay: 600 pairs, MAE %.3f (direct %.3f), counters %s%n",
                    joinedBeforeKill, firstStart.toMillis(), restart.toMillis(), readyMs,
                    q.at("/windows/time/mae").asDouble(), mae, q.get("counters"));
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    @Test
    void theDriftWorkerKilledMidStreamResumesFromItsCommittedOffsetsAndKeepsEvaluating() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "predictions-dw-crash-" + suffix;
        String group = "drift-worker-" + suffix;
        broker.createTopic(topic, 6);
        int total = 6000;
        int port = ChildService.freePort();
        Map<String, String> env = Map.of("DRIFT_WORKER_HTTP_PORT", String.valueOf(port),
                "DRIFT_WORKER_MODEL_DIR", SmallModel.root().toString(),
                "DRIFT_WORKER_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "DRIFT_WORKER_KAFKA_TOPIC_PREDICTIONS", topic,
                "DRIFT_WORKER_KAFKA_GROUP_ID", group,
                "DRIFT_WORKER_DLQ_TOPIC", topic + ".dlq",
                "DRIFT_WORKER_KAFKA_SESSION_TIMEOUT_MS", "6000");
        Path log = LOGS.resolve("drift-worker-" + suffix + ".log");
        List<LabelledDiamond> rows = SmallModel.heldOut();
        Thread stream = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                predict(topic, rows.get(i % rows.size()), Instant.now());
                if (i % 50 == 49) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)); // about 1,000 a second
                }
            }
            producer.flush();
        }, "predictions");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ChildService first = ChildService.start("dev.facet.drift.DriftWorkerMain", port, env, log);
            Duration firstStart = first.awaitReady();
            stream.start();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    first.http().metricOrZero("drift_events_processed_total") >= 1000);
            double processedBeforeKill = first.http().metricOrZero("drift_events_processed_total");
            first.kill();
            long killedAt = System.nanoTime();
            long committedAtKill = committed(admin, group);
            stream.join(60_000);

            try (ChildService second = ChildService.start("dev.facet.drift.DriftWorkerMain", port, env, log)) {
                Duration restart = second.awaitReady();
                long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                await().atMost(Duration.ofSeconds(90)).until(() -> committed(admin, group) == total);
                double processedAfter = second.http().metricOrZero("drift_events_processed_total");
                // it resumed exactly at the last commit: nothing skipped, and only the uncommitted tail seen twice
                assertThat(processedAfter).isEqualTo(total - committedAtKill);
                assertThat(second.http().metricOrZero("drift_events_malformed_total")).isZero();
                assertThat(second.http().metricOrZero("drift_evaluations_total", "window=\"count\"")).isPositive();
                JsonNode drift = Json.MAPPER.readTree(second.http().get("/drift").body());
                System.out.printf("drift-worker kill -9 after %.0f of %d processed (%d committed); first start %d ms, "
                                + "restart ready %d ms (%d ms after the kill); the new process processed %.0f (seen twice: "
                                + "%.0f), count-window evaluations %.0f%n", processedBeforeKill, total, committedAtKill,
                        firstStart.toMillis(), restart.toMillis(), readyMs, processedAfter,
                        processedBeforeKill - committedAtKill,
                        second.http().metricOrZero("drift_evaluations_total", "window=\"count\""));
                assertThat(drift.isObject()).isTrue();
            }
        }
    }
}
