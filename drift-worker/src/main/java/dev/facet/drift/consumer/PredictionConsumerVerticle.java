package dev.facet.drift.consumer;

import dev.facet.common.event.EventCodec;
import dev.facet.common.event.EventFormatException;
import dev.facet.common.event.PredictionEvent;
import dev.facet.drift.DriftWorkerConfig;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.stats.DriftEngine;
import dev.facet.drift.stats.WindowSample;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.TimeWindow;
import dev.facet.service.health.Health;
import dev.facet.service.kafka.ConsumerFetch;
import dev.facet.service.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consumes the predictions topic and turns it into window verdicts.
 *
 * <p>Deployed as a WORKER verticle: the record handler and the timers run on one worker context, one at a time,
 * so the windows need no locks, and the occasional millisecond of an evaluation (sorting a window, ten tests)
 * never lands on an event loop. Results go to {@link DriftState} for the HTTP verticle and the metrics.
 *
 * <p>Offsets: auto-commit is off; the handler records, per partition, the offset after the last record whose
 * effect is in the windows (or that was counted as malformed), and a timer commits those offsets. After a
 * crash the group resumes at the last commit, so at most a commit interval of events is seen twice, and the
 * open (in-memory) windows restart empty. Several instances in the group split the partitions; each judges
 * the traffic of its own partitions (a uniform key hash makes that a uniform sample of all traffic).
 *
 * <p>A record that is not a valid event (bad JSON, unknown schema version, invalid field) is counted by
 * reason, optionally copied to the dead-letter topic, and its offset is committed like any other: it can
 * never stall its partition.
 */
public final class PredictionConsumerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionConsumerVerticle.class);
    private static final int LOGGED_MALFORMED = 20;

    private final DriftWorkerConfig config;
    private final DriftEngine engine;
    private final DriftState state;
    private final DriftMetrics metrics;
    private final MeterRegistry registry;
    private final Map<Integer, Long> processedNext = new HashMap<>();
    private CountWindow countWindow;
    private TimeWindow timeWindow;
    private KafkaConsumer<String, byte[]> consumer;
    private EventPublisher dlq;
    private final List<Long> timers = new ArrayList<>();
    private final Set<Integer> assignedPartitions = new java.util.TreeSet<>();
    private org.apache.kafka.clients.admin.Admin admin;
    private boolean dirty;
    private boolean probing;
    private long lastEvaluatedChanges = -1;
    private long malformedSeen;
    private long lastBrokerContactMillis;

    public PredictionConsumerVerticle(DriftWorkerConfig config, DriftEngine engine, DriftState state,
                                      DriftMetrics metrics, MeterRegistry registry) {
        this.config = config;
        this.engine = engine;
        this.state = state;
        this.metrics = metrics;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        countWindow = new CountWindow(config.countWindow());
        timeWindow = new TimeWindow(config.timeWindow(), config.timeWindowMaxEvents());
        updateFill();
        if (config.dlqEnabled()) {
            dlq = new EventPublisher(vertx, registry, config.bootstrapServers(), config.dlqTopic(), 8L << 20, Map.of());
        }
        admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000));
        consumer = KafkaConsumer.create(vertx, consumerConfig(), String.class, byte[].class);
        consumer.exceptionHandler(e -> {
            LOG.warn("Kafka consumer: {}", e.toString());
            state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.DEGRADED, "consumer error: " + e));
        });
        consumer.partitionsAssignedHandler(this::assigned);
        consumer.partitionsRevokedHandler(this::revoked);
        consumer.handler(this::onRecord);
        timers.add(vertx.setPeriodic(config.commitInterval().toMillis(), id -> commit()));
        timers.add(vertx.setPeriodic(config.lagInterval().toMillis(), id -> probe()));
        timers.add(vertx.setPeriodic(config.timeEvaluateEvery().toMillis(), id -> evaluateTimeWindow()));
        probe();
        return consumer.subscribe(config.topic());
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        Future<?> committed = commit().recover(e -> Future.succeededFuture());
        // Admin.close waits for in-flight calls (at most their 5 s timeout): a worker thread, not an event loop
        return committed.compose(v -> consumer.close())
                .compose(v -> vertx.executeBlocking(() -> {
                    admin.close(Duration.ofSeconds(5));
                    return null;
                }))
                .compose(v -> dlq == null ? Future.succeededFuture() : dlq.close(Duration.ofSeconds(5)))
                .onComplete(ar -> LOG.info("consumer stopped: {}", ar.succeeded() ? "offsets committed, clients closed" : ar.cause().toString()));
    }

    Map<String, String> consumerConfig() {
        Map<String, String> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        // metadata calls (lag probe, commit) give up after 5 s when the broker is away, instead of 60 s
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        // a killed worker keeps its partitions until its session expires: the pause after a crash
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(config.sessionTimeout().toMillis()));
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.min(3000, config.sessionTimeout().toMillis() / 3)));
        c.putAll(ConsumerFetch.batched());
        return c;
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        PredictionEvent event;
        try {
            event = EventCodec.decodePrediction(record.value());
        } catch (EventFormatException e) {
            skip(record, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) { // the codec promises not to throw these; never let one stop the stream
            skip(record, EventFormatException.Reason.MALFORMED_JSON, e.toString());
            return;
        }
        metrics.processed();
        countWindow.add(event, record.partition(), record.offset()).ifPresent(this::evaluate);
        timeWindow.add(event, record.partition(), record.offset());
        done(record);
        updateFill();
    }

    private void skip(KafkaConsumerRecord<String, byte[]> record, EventFormatException.Reason reason, String message) {
        metrics.malformed(reason);
        if (malformedSeen++ < LOGGED_MALFORMED) {
            LOG.warn("skipping record {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(),
                    reason, message);
        }
        if (dlq != null) {
            dlq.publish(record.key(), record.value() == null ? new byte[0] : record.value());
        }
        done(record);
    }

    private void done(KafkaConsumerRecord<String, byte[]> record) {
        processedNext.put(record.partition(), record.offset() + 1);
        dirty = true;
    }

    private void evaluate(WindowSample sample) {
        long start = System.nanoTime();
        state.publish(engine.evaluate(sample, Instant.now()));
        metrics.evaluated(sample.window(), System.nanoTime() - start);
    }

    private void evaluateTimeWindow() {
        if (timeWindow.size() == 0 || timeWindow.changes() == lastEvaluatedChanges) {
            return; // nothing new since the last verdict
        }
        lastEvaluatedChanges = timeWindow.changes();
        evaluate(timeWindow.snapshot());
    }

    private void updateFill() {
        state.fill(CountWindow.NAME, countWindow.size(), countWindow.capacity());
        state.fill(TimeWindow.NAME, timeWindow.size(), timeWindow.capacity());
    }

    private Future<?> commit() {
        if (!dirty || consumer == null) {
            return Future.succeededFuture();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        processedNext.forEach((p, next) -> offsets.put(new TopicPartition(config.topic(), p), new OffsetAndMetadata(next, "")));
        dirty = false;
        return consumer.commit(offsets).onFailure(e -> {
            dirty = true; // retried at the next tick
            LOG.warn("offset commit failed: {}", e.toString());
        });
    }

    private void assigned(Set<TopicPartition> partitions) {
        partitions.forEach(tp -> assignedPartitions.add(tp.getPartition()));
        LOG.info("assigned partitions {}", partitions);
    }

    private void revoked(Set<TopicPartition> partitions) {
        commit();
        partitions.forEach(tp -> {
            processedNext.remove(tp.getPartition());
            assignedPartitions.remove(tp.getPartition());
        });
        LOG.info("revoked partitions {}", partitions);
    }

    /**
     * Measures the lag and, by the same calls, whether the broker answers. Uses a separate Admin client:
     * vertx-kafka-client runs some consumer calls (endOffsets, position) on a Vert.x worker thread next to its
     * poll thread, which the Kafka consumer refuses (ConcurrentModificationException); Admin is thread-safe.
     * Lag per assigned partition = end offset - max(processed position, committed offset).
     */
    private void probe() {
        if (probing) {
            return;
        }
        probing = true;
        Set<org.apache.kafka.common.TopicPartition> parts = new java.util.HashSet<>();
        assignedPartitions.forEach(p -> parts.add(new org.apache.kafka.common.TopicPartition(config.topic(), p)));
        Map<Integer, Long> processed = new HashMap<>(processedNext);
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        parts.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        java.util.concurrent.CompletionStage<String> result = admin.listOffsets(latest).all().toCompletionStage().thenCombine(
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().toCompletionStage(),
                (ends, committed) -> {
                    long lag = 0;
                    for (var e : ends.entrySet()) {
                        var c = committed.get(e.getKey());
                        long position = Math.max(c == null ? 0 : c.offset(),
                                processed.getOrDefault(e.getKey().partition(), 0L));
                        lag += Math.max(0, e.getValue().offset() - position);
                    }
                    state.lag(lag, ends.size());
                    return "connected; " + ends.size() + " partitions assigned, " + lag + " records behind";
                });
        io.vertx.core.Context context = vertx.getOrCreateContext();
        result.whenComplete((detail, error) -> context.runOnContext(v -> {
            probing = false;
            if (error == null) {
                lastBrokerContactMillis = System.currentTimeMillis();
                state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.UP, detail));
            } else {
                String since = lastBrokerContactMillis == 0 ? "never reached"
                        : "last reached " + Instant.ofEpochMilli(lastBrokerContactMillis);
                state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.DEGRADED,
                        "broker unreachable (" + error.getClass().getSimpleName() + "); " + since
                                + "; the worker retries and resumes from its committed offsets"));
            }
        }));
    }
}
