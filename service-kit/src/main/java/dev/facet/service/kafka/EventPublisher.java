package dev.facet.service.kafka;

import dev.facet.service.http.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes events to one topic without ever making the caller wait for the broker.
 *
 * <p>{@link #publish} returns at once: it appends the event to an in-memory queue that one dedicated thread
 * drains into the Kafka client, which batches, compresses and sends idempotently ({@code acks=all}). The hand-off
 * is a lock-free queue append, not a task per event on a worker pool, so a 1000-row batch costs 1000 appends, not
 * 1000 thread switches. The publishing thread is never woken by an append: when the queue is empty it parks for
 * {@value #IDLE_PARK_MICROS} µs and looks again (10 ms once idle for 100 ms). Waking it per event (a blocking
 * queue's signal) cost a futex call on the event loop for most requests at 20k requests/s; the price is that much
 * added latency (10 ms for the first event after a quiet spell) next to the client's own {@code linger.ms} of
 * 10 ms. Acknowledgements update thread-safe counters from the client's own I/O thread.
 *
 * <p>What is accepted but not yet acknowledged is bounded by {@code maxBufferedBytes}; beyond it an event is
 * dropped and counted ({@code outcome="dropped"}), so a long broker outage costs memory only up to the bound.
 * Within the bound nothing is lost: while the broker is unreachable the client retries for up to
 * {@code delivery.timeout.ms} (5 minutes here), and while no metadata is known at all (broker down since
 * start) the publishing thread waits in {@code send} for up to {@code max.block.ms} (1 minute) with the rest
 * of the events queued behind it. An event whose delivery times out is counted as {@code outcome="failed"}.
 *
 * <p>Meters: {@code kafka_publish_events_total{topic,outcome=sent|failed|dropped}},
 * {@code kafka_publish_buffered_events} and {@code _bytes}, {@code kafka_publish_latency_seconds} (hand-off to
 * acknowledgement), {@code kafka_publish_wait_seconds_total} (backpressure: {@link #awaitCapacity}).
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    /** One queued event and when it was handed over (for the latency timer). */
    private record Pending(String key, byte[] value, long size, long startNanos) {
    }

    private final Vertx vertx;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final long maxBufferedBytes;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    static final long IDLE_PARK_MICROS = 500;
    private static final int IDLE_POLLS = 200;
    private final Thread sender;
    private volatile boolean closing;
    /** True while the publishing thread may hold events taken from the queue but not yet in the client. */
    private volatile boolean handingOver;
    /** Set when close() stops waiting: queued events are failed at once instead of sent. */
    private volatile boolean abandon;
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
    private final Counter waited;
    private final AtomicLong loggedDrops = new AtomicLong();
    /** Acknowledgements this recent mean the broker is alive: worth waiting for (see {@link #awaitCapacity}). */
    static final long ACKS_FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Unacknowledged bytes above which {@link #awaitCapacity} waits (or half the bound, if less). A live broker
     * keeps about this much in flight at serving's batch peak (10 ms of linger); a much larger backlog lives long
     * enough to be promoted in a small heap, and the collector takes the CPU. Larger marks gained no throughput
     * and cost batch latency (BENCHMARKS.md).
     */
    static final long HIGH_WATER_BYTES = 1L << 20;
    private static final long WAIT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * @param overrides Kafka producer properties that replace the defaults below (e.g. from configuration)
     */
    public EventPublisher(Vertx vertx, MeterRegistry registry, String bootstrapServers, String topic,
                          long maxBufferedBytes, Map<String, String> overrides) {
        this.vertx = vertx;
        this.topic = topic;
        this.maxBufferedBytes = maxBufferedBytes;
        Map<String, Object> config = new HashMap<>(producerConfig(bootstrapServers, maxBufferedBytes, overrides));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
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
                .description("Time from handing an event to the publisher to the broker's acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        waited = Counter.builder("kafka.publish.wait").baseUnit("seconds").tag("topic", topic)
                .description("Time producers on worker threads waited for a live broker to catch up before handing "
                        + "over more events (backpressure instead of drops)").register(registry);
        sender = new Thread(this::drain, "kafka-publisher-" + topic);
        sender.setDaemon(true);
        sender.start();
    }

    static Map<String, String> producerConfig(String bootstrap, long maxBufferedBytes, Map<String, String> overrides) {
        Map<String, String> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // 10 ms of batching: at thousands of events/s per partition that is tens of events per compressed batch,
        // far fewer requests for the broker, and nothing next to the seconds of freshness the consumers promise
        c.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        // the client's own buffer must hold at least what we let through, or send() would block for memory
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(32L << 20, maxBufferedBytes * 2)));
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Duration.ofMinutes(5).toMillis()));
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // blocks only the publishing thread, and only while no metadata is known (broker down since start)
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Duration.ofMinutes(1).toMillis()));
        c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        c.putAll(overrides);
        return c;
    }

    /**
     * Hands one event over; never blocks (a queue append). Returns false when it was dropped because the buffer
     * of unacknowledged events is full or the publisher is closing.
     */
    public boolean publish(String key, byte[] value) {
        long size = value.length + (key == null ? 0 : key.length());
        if (closing || bufferedBytes.get() + size > maxBufferedBytes) {
            dropped.increment();
            if (loggedDrops.getAndIncrement() % 10_000 == 0) {
                LOG.warn("dropping events for {}: {} bytes unacknowledged, limit {} (dropped so far: {})",
                        topic, bufferedBytes.get(), maxBufferedBytes, (long) dropped.count());
            }
            return false;
        }
        long start = System.nanoTime();
        if (bufferedEvents.getAndIncrement() == 0) {
            oldestPendingNanos.set(start);
        }
        bufferedBytes.addAndGet(size);
        queue.add(new Pending(key, value, size, start));
        return true;
    }

    /**
     * For producers on worker threads, never an event loop: waits while the events not yet acknowledged take more
     * than {@link #HIGH_WATER_BYTES} (or half the bound) and the broker is acknowledging (an acknowledgement
     * within the last second), for at most {@code max}. A run of large batches that outruns a live broker then
     * waits for it instead of filling the buffer, having its events dropped and the heap filled with them
     * (BENCHMARKS.md: at the bound, the collector took much of a core). While the broker is unreachable,
     * acknowledgements stop and this returns within a second: the bound sheds events as before, and requests
     * are not held up by an outage.
     *
     * @return the nanoseconds waited
     * @throws IllegalStateException on a Vert.x event loop
     */
    public long awaitCapacity(Duration max) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("awaitCapacity would block an event loop");
        }
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long now = start;
        long ack;
        long highWater = Math.min(maxBufferedBytes / 2, HIGH_WATER_BYTES);
        while (bufferedBytes.get() > highWater && !closing && now < deadline
                && (ack = lastAckNanos.get()) != 0 && now - ack < ACKS_FRESH_NANOS) {
            LockSupport.parkNanos(WAIT_PARK_NANOS);
            now = System.nanoTime();
        }
        long spent = now - start;
        if (spent > 0) {
            waited.increment(spent / 1e9);
        }
        return spent;
    }

    /** The publishing thread: moves queued events into the Kafka client until closed and drained. */
    private void drain() {
        int idle = 0;
        while (!abandon && (!closing || !queue.isEmpty())) {
            // raised before polling: flush() waits while an event may be between the queue and the client
            handingOver = true;
            int moved = 0;
            Pending p;
            while (moved < 1024 && (p = queue.poll()) != null) {
                send(p);
                moved++;
            }
            handingOver = false;
            if (moved > 0) {
                idle = 0;
            } else {
                // short parks while traffic flows; after 100 ms without events, 10 ms ones (an idle topic, e.g. a
                // dead-letter queue, then costs 100 wake-ups a second instead of 2,000)
                idle = Math.min(idle + 1, IDLE_POLLS);
                LockSupport.parkNanos(idle < IDLE_POLLS ? TimeUnit.MICROSECONDS.toNanos(IDLE_PARK_MICROS)
                        : TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            done(left, new IllegalStateException("publisher closed before the event was handed to Kafka"));
        }
    }

    private void send(Pending p) {
        try {
            producer.send(new ProducerRecord<>(topic, p.key(), p.value()), (metadata, error) -> done(p, error));
        } catch (RuntimeException e) {
            // metadata still unknown after max.block.ms, client closed, record too large: not delivered
            done(p, e);
        }
    }

    /** Runs on the Kafka client's I/O thread (or the publishing thread): counters only, no event-loop hop. */
    private void done(Pending p, Exception error) {
        bufferedBytes.addAndGet(-p.size());
        if (bufferedEvents.decrementAndGet() == 0) {
            oldestPendingNanos.set(0);
        }
        long now = System.nanoTime();
        if (error == null) {
            sent.increment();
            latency.record(now - p.startNanos(), TimeUnit.NANOSECONDS);
            lastAckNanos.set(now);
        } else {
            failed.increment();
            lastFailureNanos.set(now);
            lastFailure = error.toString();
            LOG.warn("event for {} not delivered: {}", topic, lastFailure);
        }
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

    /** Completes (on a worker thread) once everything handed over so far is acknowledged or has failed. */
    public Future<Void> flush() {
        return vertx.executeBlocking(() -> {
            // the queue first, then the flag: an event polled before this read was flagged before it was polled
            while ((!queue.isEmpty() || handingOver) && sender.isAlive()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            producer.flush();
            return null;
        }, false);
    }

    /**
     * Stops taking events, hands what is queued to the client and waits at most {@code timeout} for delivery,
     * then closes; whatever is still unacknowledged then is counted as failed.
     */
    public Future<Void> close(Duration timeout) {
        closing = true;
        return vertx.executeBlocking(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            sender.join(Math.max(1, timeout.toMillis()));
            if (sender.isAlive()) {
                abandon = true;
                sender.interrupt();
                sender.join(1000);
            }
            producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return null;
        }, false);
    }
}
