package dev.facet.service.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Properties;

/**
 * The settings every Facet consumer shares: string keys and byte-array values (the codecs read the bytes),
 * offsets committed by the service only after their effect is in its state, batched fetches, and the session,
 * heartbeat and reconnect timing. A service adds what is its own (offset reset, assignor, poll size).
 *
 * <p>Every consumer is a plain {@code KafkaConsumer} on a thread the service owns (README, "Libraries"): its
 * rebalance callbacks then run inside {@code poll}, before any record of a new assignment, which the joiner's
 * replay needs, and lag and health come from the same client without a second one beside it.
 */
public final class ConsumerSettings {

    private ConsumerSettings() {
    }

    /**
     * @param sessionTimeout how long a killed instance keeps its partitions: the pause after a crash
     * @param apiTimeout     how long a blocking call (commit, offsets, position) waits for an absent broker
     */
    public static Properties of(String bootstrapServers, String groupId, String clientId, Duration sessionTimeout,
                                Duration apiTimeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The broker holds a fetch until 64 KiB or 100 ms. With the client defaults (1 byte, at once) each
        // producer batch was its own fetch, which cost the consumers and the broker several times the CPU of
        // the work itself (BENCHMARKS.md); 100 ms is nothing next to a drift window or a label delay.
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(64 * 1024));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
        // a third of the session, as Kafka advises, but never rarer than the default 3 s
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.min(3000, sessionTimeout.toMillis() / 3)));
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(apiTimeout.toMillis()));
        return p;
    }
}
