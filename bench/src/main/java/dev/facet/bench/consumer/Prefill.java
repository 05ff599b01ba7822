package dev.facet.bench.consumer;

import dev.facet.bench.detection.Served;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.ModelPredictionEvent;
import dev.facet.contracts.event.PredictionEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fills the topics with real-looking events (held-out rows, ids {@code bench-<i>}) with a plain producer. */
final class Prefill {

    private Prefill() {
    }

    /** A deterministic UUID per index (the events' schema requires UUIDs), the same for a prediction and its feedback. */
    static String id(int i) {
        return new UUID(0xFACE7BE4C4000000L, i).toString();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Whether event {@code i} is the second model's, spread evenly at {@code share} of the events. */
    static boolean second(int i, double share) {
        return share > 0 && Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    /**
     * N prediction events: the diamonds model's (version 1 events, a plausible price) and, at {@code share} of
     * them, the second model's from {@code pool} (version 2 events as serving writes them), timestamped now.
     */
    static void predictions(String bootstrap, String topic, List<LabelledDiamond> rows, int n, String model,
                            String version, List<Served> pool, double share) {
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                byte[] bytes;
                if (second(i, share)) {
                    ModelPredictionEvent g = pool.get(i % pool.size()).generic();
                    bytes = EventCodec.encode(new ModelPredictionEvent(g.schemaVersion(), id(i), now, g.modelName(),
                            g.modelVersion(), g.task(), g.features(), g.prediction(), g.label(), g.probabilities()));
                } else {
                    LabelledDiamond r = rows.get(i % rows.size());
                    bytes = EventCodec.encode(PredictionEvent.of(id(i), now, model, version, r.diamond(), r.price() * 0.97));
                }
                p.send(new ProducerRecord<>(topic, id(i), bytes));
            }
            p.flush();
        }
    }

    /** N feedback events for the first N predictions: the rows' real prices, the second model's actual labels. */
    static void feedback(String bootstrap, String topic, List<LabelledDiamond> rows, int n, List<Served> pool,
                         double share) {
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                FeedbackEvent e = second(i, share)
                        ? FeedbackEvent.ofLabel(id(i), (String) pool.get(i % pool.size()).actual(), now, now)
                        : FeedbackEvent.of(id(i), rows.get(i % rows.size()).price(), now, now);
                p.send(new ProducerRecord<>(topic, e.predictionId(), EventCodec.encode(e)));
            }
            p.flush();
        }
    }
}
