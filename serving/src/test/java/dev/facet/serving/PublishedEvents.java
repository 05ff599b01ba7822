package dev.facet.serving;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** What serving published, read back from the real broker by the tests that check the event stream. */
final class PublishedEvents {

    private PublishedEvents() {
    }

    /**
     * Reads every partition of {@code topic} from the beginning with a plain consumer until every id in {@code ids}
     * has been seen (at most 60 s); the records by key.
     */
    static Map<String, ConsumerRecord<String, byte[]>> readUntil(String bootstrapServers, String topic, int partitions,
                                                                 Set<String> ids) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, ConsumerRecord<String, byte[]>> seen = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rec -> seen.put(rec.key(), rec));
                return seen.keySet().containsAll(ids);
            });
        }
        return seen;
    }
}
