package dev.facet.groundtruth.join;

import dev.facet.contracts.event.EventCodec;
import dev.facet.contracts.event.EventFormatException;
import dev.facet.contracts.event.FeedbackEvent;
import dev.facet.contracts.event.ServedPrediction;
import dev.facet.groundtruth.config.GroundTruthConfig;
import dev.facet.groundtruth.model.KnownModel;
import dev.facet.groundtruth.model.ModelCatalog;
import dev.facet.groundtruth.quality.Actual;
import dev.facet.groundtruth.quality.MatchedPair;
import dev.facet.groundtruth.quality.QualityBook;
import dev.facet.service.http.Health;
import dev.facet.service.kafka.ConsumerLoop;
import dev.facet.service.kafka.ConsumerSettings;
import dev.facet.service.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The joiner's consumer loop: one thread that owns a Kafka consumer of both topics, the {@link Joiner} and the
 * {@link QualityBook} of every model's windows, and reports their state to a {@link JoinSink} after each poll.
 *
 * <p><b>Models.</b> Predictions of either event version are read ({@link EventCodec#decodeServedPrediction}); each
 * names its model and version, whose bundle the {@link ModelCatalog} finds (lazily, cached; a bundle that is not
 * there is looked for again after a bounded interval). A prediction of a model with no bundle is counted
 * ({@code unknown_model}) and skipped. At the join, the actual is checked against the model: a label the model
 * does not have, or a number for a classifier, is counted ({@code invalid_actual}) and dropped.
 *
 * <p><b>Restart safety by replay.</b> When partitions are assigned (first start, restart, rebalance), the state
 * is cleared and every assigned partition of both topics is sought back to {@link GroundTruthConfig#replayLookback()}
 * ago ({@code offsetsForTimes}); the state is rebuilt from the log with the same event-time rules a live run
 * uses, so it equals that of an uninterrupted run. Records below the group's committed offset were processed by
 * the previous incarnation: they rebuild state but are not counted again in the counters. Offsets are committed
 * after each batch (and synchronously on stop or revocation), never below what was committed before, so a crash
 * can at most re-count the last uncommitted batch in the counters; state and windows are exact either way.
 *
 * <p><b>Why a thread of its own and not vertx-kafka-client.</b> The seek must happen inside
 * {@code onPartitionsAssigned}, before {@code poll} returns any record of the new assignment; vertx-kafka-client
 * hands rebalance callbacks to the event loop asynchronously, by which time records from the committed position
 * may already be on their way. Everything here may block (poll, commitSync, offsetsForTimes): it runs on this
 * dedicated thread, never on an event loop. The HTTP side only reads the immutable snapshot it publishes.
 *
 * <p>Partition assignment is the {@link RangeAssignor}, set explicitly: with both topics having the same
 * partition count it gives one consumer partition i of both, which the join needs.
 */
public final class JoinLoop extends ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(JoinLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * Unreadable records logged one by one before the log only samples them (one in 10,000): a producer writing
     * garbage must not flood the log; the counter and the DLQ keep every one.
     */
    private static final long LOGGED_MALFORMED = 100;

    private final GroundTruthConfig config;
    private final JoinSink sink;
    private final Joiner joiner;
    private final QualityBook<KnownModel> book;
    private final ModelCatalog catalog;
    private final Map<String, EventPublisher> deadLetters;
    private final Map<TopicPartition, Long> countFrom = new HashMap<>();
    private final Map<TopicPartition, Long> processed = new HashMap<>();
    private final Map<TopicPartition, Long> replayUntil = new HashMap<>();
    /** Only touched by the joiner's thread. */
    private long malformedLogged;
    /** The bundle {@link #model} found last; only touched by the joiner's thread. */
    private KnownModel lastModel;
    private final long createdNanos = System.nanoTime();
    private volatile boolean replaying;
    private volatile int assigned;
    private volatile String lastError = "";
    private volatile long lastErrorNanos;
    private volatile long lastPollNanos;

    public JoinLoop(GroundTruthConfig config, JoinSink sink, QualityBook<KnownModel> book, ModelCatalog catalog,
                    Map<String, EventPublisher> deadLetters) {
        super("ground-truth-joiner", consumerConfig(config),
                List.of(config.predictionsTopic(), config.groundTruthTopic()), POLL);
        this.config = config;
        this.sink = sink;
        this.book = book;
        this.catalog = catalog;
        this.deadLetters = deadLetters;
        this.joiner = new Joiner(config.retention().toMillis(), config.grace().toMillis(), config.maxPending(),
                sink, this::judge);
    }

    static Properties consumerConfig(GroundTruthConfig config) {
        Properties p = ConsumerSettings.of(config.bootstrapServers(), config.groupId(), config.groupId() + "-joiner",
                config.sessionTimeout(), Duration.ofSeconds(30));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the classic protocol with the range assignor: partition i of both topics goes to the same consumer
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return p;
    }

    @Override
    protected ConsumerRebalanceListener rebalanceListener() {
        return new Rebalance();
    }

    @Override
    protected void polled(ConsumerRecords<String, byte[]> records) {
        lastPollNanos = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : records) {
            handle(r);
        }
        if (replaying && caughtUp()) {
            replaying = false;
            LOG.info("replay done: join state {}", joiner.stats());
        }
        long now = System.currentTimeMillis();
        if (!replaying) {
            joiner.sweep(now);
        }
        sink.published(book.evaluate(now), joiner.stats(), replaying);
        if (!records.isEmpty()) {
            commit(false);
        }
    }

    @Override
    protected void commitOnStop() {
        commit(true);
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        boolean counted = r.offset() >= countFrom.getOrDefault(tp, 0L);
        processed.put(tp, r.offset() + 1);
        try {
            if (r.topic().equals(config.predictionsTopic())) {
                ServedPrediction served = EventCodec.decodeServedPrediction(r.value());
                KnownModel model = model(served.modelName(), served.modelVersion());
                if (model == null) {
                    sink.unknownModel(counted);
                    return;
                }
                // the event as read, not its generic view: a waiting version 1 event is a few flat fields, while
                // the generic view's feature map would multiply the memory of every waiting prediction
                sink.predictionSeen(model.name(), counted);
                joiner.onPrediction(served.predictionId().toLowerCase(Locale.ROOT), served.timestamp().toEpochMilli(),
                        r.timestamp(), served, counted);
            } else {
                FeedbackEvent f = EventCodec.decodeFeedback(r.value());
                Actual actual = f.actualLabel() != null ? Actual.label(f.actualLabel()) : Actual.value(f.actualValue());
                joiner.onFeedback(f.predictionId().toLowerCase(Locale.ROOT), actual, f.receivedAt().toEpochMilli(),
                        counted);
            }
        } catch (EventFormatException e) {
            if (counted) {
                sink.malformed(r.topic(), e.reason());
                EventPublisher dlq = deadLetters.get(r.topic());
                if (dlq != null && r.value() != null) {
                    dlq.publish(r.key(), r.value());
                }
                long n = ++malformedLogged;
                if (n <= LOGGED_MALFORMED || n % 10_000 == 0) {
                    LOG.warn("{}-{}@{}: unreadable event ({}): {}{}", r.topic(), r.partition(), r.offset(), e.reason(),
                            e.getMessage(), n == LOGGED_MALFORMED ? "; from now on only one in 10,000 is logged" : "");
                }
            }
        }
    }

    /** The joiner's sink: a pair whose actual suits its model goes to the model's windows; false otherwise. */
    private boolean judge(MatchedPair pair) {
        KnownModel model = model(pair.model(), pair.version());
        if (model == null) {
            return false; // the bundle went away after the prediction was read: nothing to judge it against
        }
        Actual a = pair.truth();
        if (model.problemWith(a.isLabel() ? null : a.value(), a.label()).isPresent()) {
            return false;
        }
        KnownModel baseline = catalog.cached(model.name()).orElse(model);
        try {
            book.add(pair, baseline);
        } catch (IllegalStateException noBaseline) {
            // a bundle without a held-out baseline: nothing to judge against; counted as a pair it cannot take
            failed(noBaseline.getMessage());
            return false;
        }
        return true;
    }

    /**
     * The bundle of (name, version), or null when there is none. The last one found is remembered: consecutive
     * events are nearly always of one model, and comparing two short strings costs less than the catalog's
     * look-up (a key object and two fresh strings hashed, once a prediction and once a pair). The catalog never
     * forgets a bundle it found, so the remembered one is what it would answer.
     */
    private KnownModel model(String name, String version) {
        KnownModel last = lastModel;
        if (last != null && last.name().equals(name) && last.version().equals(version)) {
            return last;
        }
        Optional<KnownModel> found = catalog.find(name, version);
        if (found.isEmpty()) {
            return null;
        }
        lastModel = found.get();
        return lastModel;
    }

    /** The model of a prediction waiting for its actual, if this instance holds it; safe from any thread. */
    public Optional<String> waitingModel(String predictionId) {
        return joiner.waitingModel(predictionId);
    }

    private boolean caughtUp() {
        for (Map.Entry<TopicPartition, Long> e : replayUntil.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Commits what was processed, never below the offset the previous incarnation committed. */
    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        processed.forEach((tp, next) -> {
            long from = countFrom.getOrDefault(tp, 0L);
            if (next > from) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    failed("offset commit failed: " + e);
                }
            });
        }
    }

    @Override
    protected void failed(String message) {
        lastError = message;
        lastErrorNanos = System.nanoTime();
        LOG.warn("joiner: {}", message);
    }

    /** Runs inside poll, on this thread: the seek happens before any record of the new assignment is returned. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed: {}", e.toString());
            }
            processed.clear();
            countFrom.clear();
            replayUntil.clear();
            assigned = 0;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> all = consumer.assignment();
            long now = System.currentTimeMillis();
            joiner.reset(now);
            book.reset();
            processed.clear();
            countFrom.clear();
            replayUntil.clear();
            assigned = all.size();
            if (all.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
            // end offsets first: a partition with no record after the horizon starts at its end, and that end must
            // be taken before the time lookup, or a record produced in between would be skipped
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            Map<TopicPartition, Long> query = new HashMap<>();
            long horizon = now - config.replayLookback().toMillis();
            all.forEach(tp -> query.put(tp, Math.max(0, horizon)));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            for (TopicPartition tp : all) {
                OffsetAndTimestamp s = starts.get(tp);
                long start = s != null ? s.offset() : ends.get(tp);
                OffsetAndMetadata c = committed.get(tp);
                countFrom.put(tp, c != null ? Math.max(c.offset(), start) : start);
                replayUntil.put(tp, ends.get(tp));
                consumer.seek(tp, start);
            }
            replaying = true;
            LOG.info("assigned {}; replaying from {} to rebuild the join state (counting from committed offsets {})",
                    all, Instant.ofEpochMilli(horizon), countFrom);
        }
    }

    /** UP while polling with partitions; DEGRADED when the broker fails or nothing is assigned; DOWN if ended. */
    public Health.Component health() {
        long now = System.nanoTime();
        if (!isRunning() && !isStopped()) {
            return new Health.Component("kafka_consumer", Health.Status.DEGRADED, "stopping");
        }
        if (isStopped()) {
            return new Health.Component("kafka_consumer", Health.Status.DOWN, "joiner stopped: " + lastError);
        }
        if (lastErrorNanos != 0 && now - lastErrorNanos < Duration.ofSeconds(30).toNanos()) {
            return new Health.Component("kafka_consumer", Health.Status.DEGRADED, lastError);
        }
        if (assigned == 0) {
            boolean starting = now - createdNanos < Duration.ofSeconds(30).toNanos();
            return new Health.Component("kafka_consumer", starting ? Health.Status.UP : Health.Status.DEGRADED,
                    "no partitions assigned yet (joining the group, broker unreachable, or other instances hold them)");
        }
        return new Health.Component("kafka_consumer", Health.Status.UP, (replaying ? "replaying; " : "")
                + assigned + " partitions; last poll " + Duration.ofNanos(now - lastPollNanos).toMillis() + " ms ago");
    }
}
