package dev.facet.report;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads ranges of a topic's offsets with a plain {@link KafkaConsumer}: assigned partitions, no consumer group, no
 * commits (a report must not move any service's offsets). Every call that talks to the broker is bounded by
 * {@code timeout}: a broker that does not answer is a {@link ReportException}, not a hang.
 */
final class TopicReader implements AutoCloseable {

    private final String bootstrap;
    private final Duration timeout;
    private final KafkaConsumer<String, byte[]> consumer;

    TopicReader(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "facet-report");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        // records below the log start (retention) are gone: read what is left rather than jump to the end
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try {
            this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) { // e.g. no resolvable address among the bootstrap servers
            throw new ReportException("cannot connect to --bootstrap " + bootstrap + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    /**
     * Per partition of {@code topic}, the offsets {@code [start, end)} of the records written in {@code [from, to)}
     * by record timestamp ({@link KafkaConsumer#offsetsForTimes}: the first offset at or after a time); {@code to}
     * null means up to the end of each partition.
     */
    Map<Integer, long[]> offsets(String topic, Instant from, Instant to) {
        List<TopicPartition> partitions = partitions(topic);
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times(partitions, from), timeout);
            Map<TopicPartition, OffsetAndTimestamp> stops = to == null ? Map.of()
                    : consumer.offsetsForTimes(times(partitions, to), timeout);
            Map<Integer, long[]> out = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                long start = starts.get(tp) == null ? end : starts.get(tp).offset();
                long stop = stops.get(tp) == null ? end : stops.get(tp).offset();
                out.put(tp.partition(), new long[] {start, Math.max(start, stop)});
            }
            return out;
        } catch (KafkaException e) {
            throw unreachable(e);
        }
    }

    /** Whether {@code topic} exists on the broker. */
    boolean exists(String topic) {
        try {
            List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
            return info != null && !info.isEmpty();
        } catch (KafkaException e) {
            throw unreachable(e);
        }
    }

    /** Total records in {@code ranges}: what the progress bar counts to. */
    static long total(Map<Integer, long[]> ranges) {
        return ranges.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    /**
     * Hands every record of {@code topic} in {@code ranges} ({@code [start, end)} per partition) to {@code sink},
     * in offset order within a partition, and counts each one to {@code progress}.
     */
    void read(String topic, Map<Integer, long[]> ranges, Progress progress,
              Consumer<ConsumerRecord<String, byte[]>> sink) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<TopicPartition> assigned = new ArrayList<>();
        ranges.forEach((partition, range) -> {
            if (range[1] > range[0]) {
                TopicPartition tp = new TopicPartition(topic, partition);
                assigned.add(tp);
                ends.put(tp, range[1]);
            }
        });
        if (assigned.isEmpty()) {
            return;
        }
        try {
            consumer.assign(assigned);
            for (TopicPartition tp : assigned) {
                consumer.seek(tp, ranges.get(tp.partition())[0]);
            }
            Set<TopicPartition> open = new HashSet<>(assigned);
            long lastData = System.nanoTime();
            while (!open.isEmpty()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    lastData = System.nanoTime();
                } else if (System.nanoTime() - lastData > timeout.toNanos()) {
                    throw new ReportException("no records from " + topic + " partitions " + partitionsOf(open)
                            + " on " + bootstrap + " for " + timeout.toSeconds()
                            + " s although their offsets say there are more (records deleted by retention?)");
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < ends.get(tp)) {
                        sink.accept(r);
                        progress.advance(1);
                    }
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp, timeout) >= ends.get(tp)) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (KafkaException e) {
            throw unreachable(e);
        } finally {
            consumer.unsubscribe();
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> info;
        try {
            info = consumer.partitionsFor(topic, timeout);
        } catch (KafkaException e) {
            throw unreachable(e);
        }
        if (info == null || info.isEmpty()) {
            throw new ReportException("topic '" + topic + "' does not exist on " + bootstrap);
        }
        return info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static Map<TopicPartition, Long> times(List<TopicPartition> partitions, Instant at) {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach(tp -> out.put(tp, at.toEpochMilli()));
        return out;
    }

    private static List<Integer> partitionsOf(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    private ReportException unreachable(KafkaException e) {
        return new ReportException("the Kafka broker at " + bootstrap + " did not answer within "
                + timeout.toSeconds() + " s (" + e.getClass().getSimpleName() + "); is it running? (--bootstrap)");
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
