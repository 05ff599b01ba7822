package dev.facet.service.kafka;

import dev.facet.service.health.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events to one topic without ever making the caller wait for the broker.
 *
 * <p>{@link #publish} returns at once: the vertx-kafka-client producer hands the record to the Kafka client on
 * a worker thread, where it is batched, compressed and sent idempotently ({@code acks=all}). What is accepted
 * but not yet acknowledged is bounded by {@code maxBufferedBytes}; beyond that a record is dropped and
 * counted ({@code outcome="dropped"}), so a long broker outage costs memory only up to the bound. Within the
 * bound nothing is lost: the client retries until {@code delivery.timeout.ms} (5 minutes by default here), so
 * an outage shorter than that delivers everything once the broker returns; a record whose delivery times out
 * is counted as {@code outcome="failed"} and logged.
 *
 * <p>Meters: {@code kafka_publish_events_total{topic,outcome=sent|failed|dropped}},
 * {@code kafka_publish_buffered_events} and {@code _bytes}, {@code kafka_publish_latency_seconds} (send to ack).
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long maxBufferedBytes;
    private final AtomicLong bufferedEvents = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicLong lastFailureNanos = new AtomicLong();
    private final AtomicLong oldestPendingNanos = new AtomicLong();
    private volatile String lastFailure = "";
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;
    private final Timer latency;
    private final AtomicLong loggedDrops = new AtomicLong();

    /**
     * @param overrides Kafka producer properties that replace the defaults below (e.g. from configuration)
     */
    public EventPublisher(Vertx vertx, MeterRegistry registry, String bootstrapServers, String topic,
                          long maxBufferedBytes, Map<String, String> overrides) {
        this.vertx = vertx;
        this.topic = topic;
        this.maxBufferedBytes = maxBufferedBytes;
        this.producer = KafkaProducer.create(vertx, producerConfig(bootstrapServers, maxBufferedBytes, overrides),
                String.class, byte[].class);
        producer.exceptionHandler(e -> LOG.warn("Kafka producer for {}: {}", topic, e.toString()));
        String help = "Events handed to Kafka for topic, by outcome: sent (acknowledged), failed (delivery timed "
                + "out or was refused), dropped (buffer full)";
        sent = Counter.builder("kafka.publish.events").description(help).tag("topic", topic).tag("outcome", "sent").register(registry);
        failed = Counter.builder("kafka.publish.events").description(help).tag("topic", topic).tag("outcome", "failed").register(registry);
        dropped = Counter.builder("kafka.publish.events").description(help).tag("topic", topic).tag("outcome", "dropped").register(registry);
        Gauge.builder("kafka.publish.buffered.events", bufferedEvents, AtomicLong::get).tag("topic", topic)
                .description("Events accepted but not yet acknowledged by the broker").register(registry);
        Gauge.builder("kafka.publish.buffered", bufferedBytes, AtomicLong::get).tag("topic", topic).baseUnit("bytes")
                .description("Bytes of events accepted but not yet acknowledged by the broker").register(registry);
        Gauge.builder("kafka.publish.buffer.limit", () -> maxBufferedBytes).tag("topic", topic).baseUnit("bytes")
                .description("Bound on unacknowledged bytes; beyond it events are dropped").register(registry);
        latency = Timer.builder("kafka.publish.latency").tag("topic", topic)
                .description("Time from handing an event to the producer to the broker's acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
    }

    static Map<String, String> producerConfig(String bootstrap, long maxBufferedBytes, Map<String, String> overrides) {
        Map<String, String> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        // the client's own buffer must hold at least what we let through, or send() would block its thread
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(32L << 20, maxBufferedBytes * 2)));
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Duration.ofMinutes(5).toMillis()));
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // blocks only the producer's worker thread, and only while no metadata is known (broker down since
        // start): sends queue behind it one at a time, so keep it short; such events fail and are counted
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        c.putAll(overrides);
        return c;
    }

    /**
     * Hands one event to the producer; never blocks. Returns false when it was dropped because the buffer of
     * unacknowledged events is full.
     */
    public boolean publish(String key, byte[] value) {
        long size = value.length + (key == null ? 0 : key.length());
        if (bufferedBytes.get() + size > maxBufferedBytes) {
            dropped.increment();
            if (loggedDrops.getAndIncrement() % 10_000 == 0) {
                LOG.warn("dropping events for {}: {} bytes unacknowledged reached the limit of {} (dropped so far: {})",
                        topic, bufferedBytes.get(), maxBufferedBytes, (long) dropped.count());
            }
            return false;
        }
        long start = System.nanoTime();
        if (bufferedEvents.getAndIncrement() == 0) {
            oldestPendingNanos.set(start);
        }
        bufferedBytes.addAndGet(size);
        producer.send(KafkaProducerRecord.create(topic, key, value)).onComplete(ar -> {
            bufferedBytes.addAndGet(-size);
            if (bufferedEvents.decrementAndGet() == 0) {
                oldestPendingNanos.set(0);
            }
            long now = System.nanoTime();
            if (ar.succeeded()) {
                sent.increment();
                latency.record(Duration.ofNanos(now - start));
                lastAckNanos.set(now);
            } else {
                failed.increment();
                lastFailureNanos.set(now);
                lastFailure = ar.cause().toString();
                LOG.warn("event for {} not delivered: {}", topic, lastFailure);
            }
        });
        return true;
    }

    /**
     * DEGRADED when the latest outcome was a failure, or events have waited for an acknowledgement longer than
     * {@code staleAfter} (the broker is unreachable but the client is still retrying); otherwise UP.
     */
    public Health.Component health(Duration staleAfter) {
        long now = System.nanoTime();
        long oldest = oldestPendingNanos.get();
        long waiting = bufferedEvents.get();
        if (lastFailureNanos.get() != 0 && lastFailureNanos.get() > lastAckNanos.get()) {
            return new Health.Component("kafka_producer", Health.Status.DEGRADED,
                    "last delivery to " + topic + " failed: " + lastFailure + "; " + waiting + " events buffered");
        }
        if (waiting > 0 && oldest != 0 && now - oldest > staleAfter.toNanos()) {
            return new Health.Component("kafka_producer", Health.Status.DEGRADED, waiting
                    + " events waiting for the broker for " + Duration.ofNanos(now - oldest).toSeconds() + " s; buffered, retrying");
        }
        return new Health.Component("kafka_producer", Health.Status.UP,
                waiting + " events in flight to " + topic + "; " + (long) sent.count() + " sent, "
                        + (long) failed.count() + " failed, " + (long) dropped.count() + " dropped");
    }

    public long bufferedEvents() {
        return bufferedEvents.get();
    }

    /** Waits (on a worker thread) until everything buffered is acknowledged or has failed. */
    public Future<Void> flush() {
        return producer.flush();
    }

    /**
     * Delivers what is buffered for at most {@code timeout}, then closes; what is still unacknowledged then is
     * counted as failed. Closes the Kafka client directly on a worker rather than through vertx-kafka-client's
     * ordered task queue, where it would wait behind sends blocked on missing metadata.
     */
    public Future<Void> close(Duration timeout) {
        return vertx.executeBlocking(() -> {
            producer.unwrap().close(timeout);
            return null;
        }, false);
    }
}
