package dev.facet.drift.archive;

import dev.facet.contracts.event.EvaluationCodec;
import dev.facet.contracts.event.EvaluationEvent;
import dev.facet.contracts.event.EventFormatException;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads one model's evaluations of a period from the {@code evaluations} topic, newest first, with a plain
 * {@link KafkaConsumer} of its own per read: assigned, never subscribed (no group, nothing committed, no
 * rebalance), closed at the end. Blocking, bounded in time and work: run it on a worker thread.
 *
 * <p>How: per partition, {@code offsetsForTimes(from)} gives the first offset that can hold the period (a record's
 * timestamp is its publish time, never before its {@code evaluated_at}), {@code offsetsForTimes(to + }{@link #LATE}
 * {@code )} or the end offset the last; then chunks are read backwards from that end, so that when the model has
 * more than {@code limit} evaluations of a kind the newest are kept (what an operator looks at, and the latest
 * quality a report needs) and the read stops as soon as both kinds are full. Records of other models still cost
 * their fetch, so at most {@link #MAX_SCANNED} records are read, and nothing after the deadline: either cut
 * marks the result {@code truncated}. Records that are not evaluation events are skipped.
 */
public final class EvaluationArchive {

    /**
     * How long after {@code evaluated_at} an event may be published: the publishers buffer through a broker outage
     * before sending, so the record's timestamp can trail the evaluation; such an event still belongs to its period.
     */
    static final Duration LATE = Duration.ofMinutes(5);
    /** Records read per request at most, whatever the model: a few kilobytes each, so tens of megabytes. */
    static final int MAX_SCANNED = 20_000;
    private static final Duration CLOSE = Duration.ofSeconds(1);
    /** Records read back per step. */
    private static final int CHUNK = 500;

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;

    /** @param timeout the whole read's deadline, and each broker call's */
    public EvaluationArchive(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /**
     * What the topic holds of one model's period.
     *
     * @param drift     drift events, oldest first (at most {@code limit})
     * @param quality   quality events, oldest first (at most {@code limit})
     * @param models    every model name met while reading (of any model)
     * @param truncated some evaluation of the period was left out: a kind over its limit, or the read cut short
     */
    public record Read(List<EvaluationEvent> drift, List<EvaluationEvent> quality, Set<String> models,
                       boolean truncated) {
    }

    /** The evaluations of {@code model} with {@code from <= evaluated_at <= to}, at most {@code limit} per kind. */
    public Read read(String model, Instant from, Instant to, int limit) throws ArchiveUnavailableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Deque<EvaluationEvent> drift = new ArrayDeque<>();
        Deque<EvaluationEvent> quality = new ArrayDeque<>();
        Set<String> models = new TreeSet<>();
        boolean truncated = false;
        int scanned = 0;
        KafkaConsumer<String, byte[]> consumer = consumer();
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            if (partitions.isEmpty()) {
                return new Read(List.of(), List.of(), models, false);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(
                    times(partitions, from.toEpochMilli()), timeout);
            Map<TopicPartition, OffsetAndTimestamp> lasts = consumer.offsetsForTimes(
                    times(partitions, to.plus(LATE).toEpochMilli()), timeout);
            for (TopicPartition p : partitions) {
                long start = starts.get(p) == null ? ends.get(p) : starts.get(p).offset();
                long end = lasts.get(p) == null ? ends.get(p) : lasts.get(p).offset();
                consumer.assign(List.of(p));
                long hi = end;
                while (hi > start && !(drift.size() >= limit && quality.size() >= limit)) {
                    if (scanned >= MAX_SCANNED || System.nanoTime() > deadline) {
                        truncated = true;
                        break;
                    }
                    long lo = Math.max(start, hi - CHUNK);
                    List<ConsumerRecord<String, byte[]>> chunk = chunk(consumer, p, lo, hi, deadline);
                    scanned += chunk.size();
                    for (int i = chunk.size() - 1; i >= 0; i--) { // newest first
                        EvaluationEvent e = decode(chunk.get(i).value());
                        if (e == null) {
                            continue;
                        }
                        models.add(e.modelName());
                        if (!e.modelName().equals(model) || e.evaluatedAt().isBefore(from)
                                || e.evaluatedAt().isAfter(to)) {
                            continue;
                        }
                        Deque<EvaluationEvent> kind = e.kind().equals(EvaluationEvent.DRIFT) ? drift : quality;
                        if (kind.size() < limit) {
                            kind.addFirst(e);
                        } else {
                            truncated = true;
                        }
                    }
                    hi = lo;
                }
                if (hi > start) {
                    truncated = true;
                }
            }
        } catch (KafkaException e) { // TimeoutException among them: the broker is away or too slow
            throw new ArchiveUnavailableException("topic '" + topic + "' cannot be read: " + e.getMessage(), e);
        } finally {
            consumer.close(CLOSE); // no group, nothing to commit: only the sockets to close, never Kafka's 30 s
        }
        return new Read(sorted(drift), sorted(quality), models, truncated);
    }

    /** Records {@code lo} (inclusive) to {@code hi} (exclusive) of {@code p}; fewer if the deadline passes. */
    private static List<ConsumerRecord<String, byte[]>> chunk(KafkaConsumer<String, byte[]> consumer,
                                                              TopicPartition p, long lo, long hi, long deadline) {
        consumer.seek(p, lo);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        while (consumer.position(p) < hi) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 500_000_000L)))) {
                if (r.offset() < hi) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Several partitions' events interleave by publish time: order them by evaluation time. */
    private static List<EvaluationEvent> sorted(Deque<EvaluationEvent> events) {
        List<EvaluationEvent> out = new ArrayList<>(events);
        out.sort(Comparator.comparing(EvaluationEvent::evaluatedAt));
        return List.copyOf(out);
    }

    private static EvaluationEvent decode(byte[] value) {
        try {
            return EvaluationCodec.decode(value);
        } catch (EventFormatException e) {
            return null; // not ours to judge here; the history only shows what it can read
        }
    }

    private static Map<TopicPartition, Long> times(List<TopicPartition> partitions, long millis) {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, millis));
        return out;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "drift-worker-history-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(CHUNK));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
