package dev.facet.reliability;

import dev.facet.trainer.testing.SmallModel;
import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.PredictionEvent;
import dev.facet.contracts.json.Json;
import dev.facet.drift.DriftWorkerApp;
import dev.facet.groundtruth.GroundTruthApp;
import dev.facet.kafka.KafkaBroker;
import dev.facet.kafka.SharedTestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

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
 * 10,000 hostile records on each consumed topic ({@code predictions}, read by the drift-worker and the joiner;
 * {@code ground-truth}, read by the joiner), produced with a plain KafkaProducer, then good records: every bad one
 * is counted as malformed exactly once per consumer, every good one is still processed (on all partitions: none
 * stalls), and both services stay up.
 */
class HostileRecordsTest {

    private static final int BAD = 10_000;
    private static final int GOOD = 300;

    /** Whether {@code codec} refuses the bytes: the oracle for how many records must be counted as malformed. */
    private interface Codec {
        void decode(byte[] bytes) throws EventFormatException;
    }

    private static boolean malformed(Codec codec, byte[] bytes) {
        try {
            codec.decode(bytes);
            return false;
        } catch (EventFormatException e) {
            return true;
        }
    }

    private static int produceHostile(KafkaProducer<String, byte[]> producer, String topic, HostileInputs gen,
                                      Codec codec) {
        int malformed = 0;
        for (int i = 0; i < BAD; i++) {
            byte[] value = gen.nextInt(50) == 0 ? null : gen.next(new String[1]);
            String key = switch (gen.nextInt(4)) {
                case 0 -> null;
                case 1 -> "\ud800" + i;
                case 2 -> "";
                default -> UUID.randomUUID().toString();
            };
            malformed += malformed(codec, value) ? 1 : 0;
            producer.send(new ProducerRecord<>(topic, key, value));
        }
        producer.flush();
        return malformed;
    }

    @Test
    void hostileRecordsAreCountedAndTheGoodOnesAfterThemStillProcessed() throws Exception {
        KafkaBroker broker = SharedTestBroker.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String predictions = "predictions-hostile-" + suffix;
        String groundTruth = "ground-truth-hostile-" + suffix;
        for (String t : List.of(predictions, groundTruth)) {
            broker.createTopic(t, 6);
            broker.createTopic(t + ".dlq", 1);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 << 20));
        GroundTruthApp gt = Services.groundTruth(broker.bootstrapServers(), predictions, groundTruth, "gt-" + suffix, Map.of());
        DriftWorkerApp dw = Services.driftWorker(broker.bootstrapServers(), predictions, "dw-" + suffix);
        Http gtHttp = new Http(gt.httpPort());
        Http dwHttp = new Http(dw.httpPort());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            int badPredictions = produceHostile(producer, predictions, new HostileInputs(91, 800_000), EventCodec::decodePrediction);
            int badFeedback = produceHostile(producer, groundTruth, new HostileInputs(92, 800_000), EventCodec::decodeFeedback);

            List<LabelledDiamond> rows = SmallModel.heldOut();
            double absErrors = 0;
            for (int i = 0; i < GOOD; i++) {
                String id = UUID.randomUUID().toString();
                LabelledDiamond row = rows.get(i);
                double predicted = SmallModel.forest().predict(row.diamond());
                absErrors += Math.abs(predicted - row.price());
                producer.send(new ProducerRecord<>(predictions, id, EventCodec.encode(
                        PredictionEvent.of(id, Instant.now(), SmallModel.NAME, SmallModel.VERSION, row.diamond(), predicted))));
                producer.send(new ProducerRecord<>(groundTruth, id, EventCodec.encode(
                        FeedbackEvent.of(id, row.price(), Instant.now(), Instant.now()))));
            }
            producer.flush();
            double mae = absErrors / GOOD;
            int validPredictions = BAD - badPredictions + GOOD;

            await().atMost(Duration.ofSeconds(120)).until(() ->
                    dwHttp.metricOrZero("drift_events_processed_total") >= validPredictions
                            && Json.MAPPER.readTree(gtHttp.get("/quality").body()).at("/windows/time/pairs").asLong() >= GOOD);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    dwHttp.metricOrZero("drift_events_malformed_total") >= badPredictions
                            && gtHttp.metricOrZero("events_malformed_total", "topic=\"" + predictions + "\"") >= badPredictions
                            && gtHttp.metricOrZero("events_malformed_total", "topic=\"" + groundTruth + "\"") >= badFeedback);

            JsonNode q = Json.MAPPER.readTree(gtHttp.get("/quality").body());
            System.out.printf("hostile records: predictions %d bad of %d (+%d good), ground-truth %d bad of %d (+%d good); "
                            + "drift-worker processed %.0f, malformed %.0f; ground-truth malformed %.0f / %.0f, pairs %d, "
                            + "MAE %.3f (direct %.3f)%n", badPredictions, BAD, GOOD, badFeedback, BAD, GOOD,
                    dwHttp.metricOrZero("drift_events_processed_total"), dwHttp.metricOrZero("drift_events_malformed_total"),
                    gtHttp.metricOrZero("events_malformed_total", "topic=\"" + predictions + "\""),
                    gtHttp.metricOrZero("events_malformed_total", "topic=\"" + groundTruth + "\""),
                    q.at("/windows/time/pairs").asLong(), q.at("/windows/time/mae").asDouble(), mae);
            assertThat(badPredictions).isGreaterThan(BAD * 9 / 10);
            assertThat(dwHttp.metricOrZero("drift_events_malformed_total")).isEqualTo(badPredictions);
            assertThat(dwHttp.metricOrZero("drift_events_processed_total")).isEqualTo(validPredictions);
            assertThat(gtHttp.metricOrZero("events_malformed_total", "topic=\"" + predictions + "\"")).isEqualTo(badPredictions);
            assertThat(gtHttp.metricOrZero("events_malformed_total", "topic=\"" + groundTruth + "\"")).isEqualTo(badFeedback);
            assertThat(q.at("/windows/time/pairs").asLong()).isEqualTo(GOOD);
            assertThat(q.at("/windows/time/mae").asDouble()).isCloseTo(mae, within(1e-9 * mae));
            assertThat(gtHttp.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(dwHttp.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(dwHttp.get("/health").body()).get("status").asText()).isEqualTo("UP");
        } finally {
            gt.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            dw.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
