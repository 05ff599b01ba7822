package dev.facet.drift.consumer;

import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.drift.config.DriftWorkerConfig;
import dev.facet.drift.history.DriftHistory;
import dev.facet.drift.metrics.DriftMetrics;
import dev.facet.drift.models.ModelCatalog;
import dev.facet.drift.models.VersionMonitor;
import dev.facet.drift.state.DriftState;
import dev.facet.drift.stats.Evaluation;
import dev.facet.drift.stats.InstanceShare;
import dev.facet.drift.stats.WindowSample;
import dev.facet.drift.window.CountWindow;
import dev.facet.drift.window.TimeWindow;
import dev.facet.service.http.Health;
import dev.facet.service.kafka.ConsumerLoop;
import dev.facet.service.kafka.ConsumerSettings;
import dev.facet.service.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Consumes the predictions topic and turns it into window verdicts per model and version, on one thread of its
 * own that owns the Kafka consumer, the {@link ModelCatalog} (each version's windows) and the timers' schedule. Everything here may block (poll, commit, end offsets), so it
 * never runs on an event loop; the windows need no locks because nothing else touches them. Results go to
 * {@link DriftState} for the HTTP verticle and the metrics, and each evaluated window to the history
 * ({@link DriftHistory}) when it is enabled.
 *
 * <p>Offsets: auto-commit is off; per partition the loop records the offset after the last record whose effect
 * is in the windows (or that was counted as malformed), and commits those offsets every commit interval,
 * synchronously on revocation and on stop. After a crash the group resumes at the last commit, so at most a
 * commit interval of events is seen twice, and the open (in-memory) windows restart empty. Several instances in
 * the group split the partitions; each judges the traffic of its own partitions (a uniform key hash makes that a
 * uniform sample of all traffic).
 *
 * <p>A record that is not a valid event (bad JSON, unknown schema version, invalid field) is counted by reason,
 * optionally copied to the dead-letter topic, and its offset is committed like any other: it can never stall its
 * partition. A valid event whose model and version have no bundle on this worker's disk is counted
 * ({@code unknown_model}) and copied to the dead-letter topic too, and the other models keep going; one of a
 * model beyond {@code drift.max.models}, or that does not fit its bundle's schema, is counted and skipped.
 *
 * <p>Lag and broker health come from the same client, every lag interval: the end offsets of the assigned
 * partitions (a call that fails while the broker is away) against what was processed or committed.
 */
public final class PredictionConsumer extends ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionConsumer.class);
    private static final int LOGGED_MALFORMED = 20;
    /** How long a poll waits for records when there are none: the timers' resolution. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** Metadata calls (end offsets, commits) give up after this when the broker is away, instead of 60 s. */
    private static final Duration API_TIMEOUT = Duration.ofSeconds(5);

    private final DriftWorkerConfig config;
    private final DriftState state;
    private final DriftMetrics metrics;
    private final EventPublisher dlq;
    private final DriftHistory history;
    private final ModelCatalog catalog;
    /** Versions that received events in the current poll: their fill is published once per poll. */
    private final Map<VersionMonitor, Boolean> touched = new IdentityHashMap<>();
    private final Map<TopicPartition, Long> processedNext = new HashMap<>();
    private long nextCommit;
    private long nextProbe;
    private long nextTimeEvaluation;
    private boolean dirty;
    private long malformedSeen;
    private VersionMonitor current;
    private long lastBrokerContactMillis;

    /**
     * @param dlq     where unreadable records are copied, or null for none
     * @param history where each evaluated window is published, or null for none ({@code history.enabled=false})
     */
    public PredictionConsumer(DriftWorkerConfig config, DriftState state, DriftMetrics metrics, EventPublisher dlq,
                              DriftHistory history) {
        super("drift-worker-consumer", consumerConfig(config), List.of(config.topic()), POLL);
        this.config = config;
        this.state = state;
        this.metrics = metrics;
        this.dlq = dlq;
        this.history = history;
        this.catalog = new ModelCatalog(config.modelDir(), config.policy(), config.countWindow(), config.timeWindow(),
                config.timeWindowMaxEvents(), config.maxModels(), config.unknownModelRetry(), new ModelCatalog.Listener() {
                    @Override
                    public void tracked(VersionMonitor m) {
                        metrics.model(m.reference());
                        state.track(m.name(), m.version());
                        touched.put(m, Boolean.TRUE);
                    }

                    @Override
                    public void dropped(VersionMonitor m) {
                        state.drop(m.name(), m.version());
                        touched.remove(m);
                    }
                });
        long now = System.currentTimeMillis();
        this.nextCommit = now + config.commitInterval().toMillis();
        this.nextProbe = now;
        this.nextTimeEvaluation = now + config.timeEvaluateEvery().toMillis();
    }

    static Properties consumerConfig(DriftWorkerConfig config) {
        Properties p = ConsumerSettings.of(config.bootstrapServers(), config.groupId(), config.groupId() + "-consumer",
                config.sessionTimeout(), API_TIMEOUT);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        return p;
    }

    @Override
    protected ConsumerRebalanceListener rebalanceListener() {
        return new Rebalance();
    }

    @Override
    protected void polled(ConsumerRecords<String, byte[]> records) {
        long now = System.currentTimeMillis();
        // partition by partition, so that the offset to commit is noted once a partition, not once a record
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(tp);
            for (ConsumerRecord<String, byte[]> r : batch) {
                onRecord(r, now);
            }
            if (!batch.isEmpty()) {
                processedNext.put(tp, batch.get(batch.size() - 1).offset() + 1);
                dirty = true;
            }
        }
        if (!touched.isEmpty()) {
            updateFill();
        }
        now = System.currentTimeMillis();
        if (now >= nextTimeEvaluation) {
            evaluateTimeWindows();
            nextTimeEvaluation = now + config.timeEvaluateEvery().toMillis();
        }
        if (now >= nextCommit) {
            commit(false);
            nextCommit = now + config.commitInterval().toMillis();
        }
        if (now >= nextProbe) {
            probe();
            nextProbe = System.currentTimeMillis() + config.lagInterval().toMillis();
        }
    }

    @Override
    protected void commitOnStop() {
        commit(true);
    }

    @Override
    protected void failed(String message) {
        degraded(message);
    }

    @Override
    protected void ended(RuntimeException e) {
        state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.DOWN, "loop ended: " + e));
    }

    private void onRecord(ConsumerRecord<String, byte[]> record, long now) {
        ServedPrediction event;
        try {
            event = EventCodec.decodeServedPrediction(record.value());
        } catch (EventFormatException e) {
            skip(record, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) { // the codec promises not to throw these; never let one stop the stream
            skip(record, EventFormatException.Reason.MALFORMED_JSON, e.toString());
            return;
        }
        VersionMonitor m = catalog.find(event.modelName(), event.modelVersion(), now);
        if (m == null) {
            if (catalog.outcome() == ModelCatalog.Outcome.UNKNOWN_MODEL) {
                metrics.skipped(DriftMetrics.Skip.UNKNOWN_MODEL);
                publishDeadLetter(record); // kept: a bundle deployed later can be judged by replaying the DLQ
            } else {
                metrics.skipped(DriftMetrics.Skip.MODEL_LIMIT);
            }
            return;
        }
        if (!m.columns().read(event, m.row())) {
            metrics.skipped(DriftMetrics.Skip.SCHEMA_MISMATCH);
            return;
        }
        if (m != current) {
            current = m;
            state.current(m.name(), m.version());
        }
        metrics.processed(m.name());
        m.count().add(m.row(), record.partition(), record.offset()).ifPresent(sample -> evaluate(m, sample));
        m.time().add(m.row(), record.partition(), record.offset());
        touched.put(m, Boolean.TRUE);
    }

    private void publishDeadLetter(ConsumerRecord<String, byte[]> record) {
        if (dlq != null) {
            dlq.publish(record.key(), record.value() == null ? new byte[0] : record.value());
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, EventFormatException.Reason reason, String message) {
        metrics.malformed(reason);
        if (malformedSeen++ < LOGGED_MALFORMED) {
            LOG.warn("skipping record {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(),
                    reason, message);
        }
        publishDeadLetter(record);
    }

    private void evaluate(VersionMonitor m, WindowSample sample) {
        long start = System.nanoTime();
        Evaluation e = m.engine().evaluate(sample, Instant.now(), state.share());
        state.publish(e);
        metrics.evaluated(m.name(), sample.window(), System.nanoTime() - start);
        if (history != null) {
            history.record(e); // after the timing: the history is not part of judging the window
        }
    }

    private void evaluateTimeWindows() {
        Instant round = Instant.now();
        for (VersionMonitor m : catalog.monitors()) {
            if (m.timeChanged()) { // else nothing new since the last verdict
                m.timeEvaluated();
                evaluate(m, m.time().snapshot());
            }
        }
        if (history != null) {
            history.settle(round);
        }
    }

    private void updateFill() {
        for (VersionMonitor m : touched.keySet()) {
            state.fill(m.name(), m.version(), CountWindow.NAME, m.count().size(), m.count().capacity());
            state.fill(m.name(), m.version(), TimeWindow.NAME, m.time().size(), m.time().capacity());
        }
        touched.clear();
    }

    private void commit(boolean sync) {
        if (!dirty) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        processedNext.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        dirty = false;
        if (sync) {
            consumer.commitSync(offsets, API_TIMEOUT);
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    dirty = true; // retried at the next tick; the callback runs on this thread, inside poll
                    LOG.warn("offset commit failed: {}", e.toString());
                }
            });
        }
    }

    /**
     * Measures the lag and, by the same call, whether the broker answers. Lag per assigned partition = end
     * offset - the consumer's position: every record a poll returned is processed before the probe runs, so the
     * position is the next record to process (the committed offset where none has been fetched yet).
     */
    private void probe() {
        Set<TopicPartition> assigned = consumer.assignment();
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, API_TIMEOUT);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                lag += Math.max(0, e.getValue() - consumer.position(e.getKey(), API_TIMEOUT));
            }
            if (assigned.isEmpty()) {
                // no partition to ask about: ask for the topic's metadata instead, so an absent broker still shows
                consumer.partitionsFor(config.topic(), API_TIMEOUT);
            }
            state.lag(lag, assigned.size());
            lastBrokerContactMillis = System.currentTimeMillis();
            state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.UP,
                    "connected; " + assigned.size() + " partitions assigned, " + lag + " records behind"));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            String since = lastBrokerContactMillis == 0 ? "never reached"
                    : "last reached " + Instant.ofEpochMilli(lastBrokerContactMillis);
            degraded("broker unreachable (" + e.getClass().getSimpleName() + "); " + since
                    + "; the worker retries and resumes from its committed offsets");
        }
    }

    private void degraded(String detail) {
        LOG.warn("Kafka consumer: {}", detail);
        state.consumerHealth(new Health.Component("kafka_consumer", Health.Status.DEGRADED, detail));
    }

    /** Runs inside poll, on this thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed: {}", e.toString());
            }
            partitions.forEach(processedNext::remove);
            LOG.info("revoked partitions {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("assigned partitions {}", partitions);
            share();
        }
    }

    /**
     * This worker's share of the topic after an assignment: the whole assignment (the callback names only the new
     * partitions under a cooperative assignor) against the topic's partition count from the client's metadata,
     * which the subscription has fetched already; adding partitions triggers a rebalance, so it is fresh here.
     */
    private void share() {
        if (!config.splitAlpha()) {
            return;
        }
        int held = (int) consumer.assignment().stream().filter(tp -> tp.topic().equals(config.topic())).count();
        try {
            int total = consumer.partitionsFor(config.topic(), API_TIMEOUT).size();
            InstanceShare share = new InstanceShare(Math.min(held, total), total);
            state.share(share);
            LOG.info("holding {} of {} partitions of {}: windows judged at alpha {} (about {} workers share the stream)",
                    held, total, config.topic(), share.alpha(config.policy().alpha()), share.estimatedInstances());
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) { // keep the previous share: judging at it is better than stalling the poll
            LOG.warn("partition count of {} unknown ({}); keeping the share {}", config.topic(), e.toString(),
                    state.share());
        }
    }
}
